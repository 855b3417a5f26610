/** A time-zone picker: the IANA zones the browser knows, so nobody has to type 'Europe/Paris'.
 * A value the list lacks (typed earlier, or from a newer zone database) stays selectable. */

import { useMemo } from 'react';

function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

interface TimeZoneSelectProps {
  value: string | null;
  path: string;
  readOnly: boolean;
  onChange(value: string | null): void;
}

export function TimeZoneSelect({ value, path, readOnly, onChange }: TimeZoneSelectProps) {
  const zones = useMemo(knownZones, []);
  const current = value ?? '';
  return (
    <select data-testid={`field-${path}`} value={current} disabled={readOnly} onChange={(event) => onChange(event.target.value || null)}>
      <option value="">— the schedule's own (or UTC) —</option>
      {current && !zones.includes(current) && <option value={current}>{current}</option>}
      {zones.map((zone) => (
        <option key={zone} value={zone}>
          {zone.replace(/_/g, ' ')}
        </option>
      ))}
    </select>
  );
}
