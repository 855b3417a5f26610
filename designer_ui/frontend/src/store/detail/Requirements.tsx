/** What a MicroApp needs from the Designer it is installed in, and which MicroApps it depends on. */

import type { MicroAppManifest } from '../storeTypes';

const BUSINESS_LABELS: Record<string, string> = {
  hours: 'business hours',
  special_days: 'special days',
  emergency: 'emergency flag',
  tables: 'data table',
};

export function Requirements({ manifest }: { manifest: MicroAppManifest }) {
  const dependencies = Object.entries(manifest.dependencies ?? {});
  const bots = manifest.requires?.bots ?? [];
  const business = Object.entries(manifest.requires?.business ?? {}).flatMap(([kind, names]) =>
    names.map((name) => `${BUSINESS_LABELS[kind] ?? kind} “${name}”`),
  );
  if (dependencies.length === 0 && bots.length === 0 && business.length === 0) {
    return <p className="muted">No dependencies; needs nothing from the Designer.</p>;
  }
  return (
    <ul className="requirements" data-testid="requirements">
      {dependencies.map(([name, range]) => (
        <li key={name}>
          MicroApp <code>{name}</code> <span className="mono">{range}</span>
        </li>
      ))}
      {bots.map((bot) => (
        <li key={bot.name}>
          bot <code>{bot.name}</code>
          {bot.provider ? ` (${bot.provider})` : ''} in the Bot Registry
        </li>
      ))}
      {business.map((item) => (
        <li key={item}>{item} in Business Controls</li>
      ))}
    </ul>
  );
}
