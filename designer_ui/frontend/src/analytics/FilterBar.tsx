/** Date range, channel, environment, flow, version, entry point and origin. */

import type { AnalyticsFilters, RangePreset } from './filters';
import { PRESETS } from './filters';
import type { Facets, Origin } from './types';

interface Props {
  filters: AnalyticsFilters;
  facets: Facets | null;
  onChange(next: AnalyticsFilters): void;
}

function Choice(props: { id: string; label: string; value: string; options: string[]; onChange(value: string): void; anyLabel?: string }) {
  return (
    <label className="filter">
      <span>{props.label}</span>
      <select data-testid={`filter-${props.id}`} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">{props.anyLabel ?? 'All'}</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option || '(none)'}
          </option>
        ))}
      </select>
    </label>
  );
}

export function FilterBar({ filters, facets, onChange }: Props) {
  const set = (patch: Partial<AnalyticsFilters>) => onChange({ ...filters, ...patch });
  const versions = facets?.flows.find((flow) => flow.flow_id === filters.flow)?.versions ?? [];
  return (
    <div className="analytics-filters" data-testid="analytics-filters">
      <label className="filter">
        <span>Range</span>
        <select data-testid="filter-range" value={filters.preset} onChange={(event) => set({ preset: event.target.value as RangePreset })}>
          {PRESETS.map((preset) => (
            <option key={preset.id} value={preset.id}>
              {preset.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {filters.preset === 'custom' && (
        <>
          <label className="filter">
            <span>From</span>
            <input type="datetime-local" data-testid="filter-from" value={filters.from} onChange={(event) => set({ from: event.target.value })} />
          </label>
          <label className="filter">
            <span>To</span>
            <input type="datetime-local" data-testid="filter-to" value={filters.to} onChange={(event) => set({ to: event.target.value })} />
          </label>
        </>
      )}
      <Choice id="channel" label="Channel" value={filters.channel} options={facets?.channels ?? ['voice', 'chat']} onChange={(channel) => set({ channel })} />
      <Choice id="environment" label="Environment" value={filters.environment} options={facets?.environments ?? []} onChange={(environment) => set({ environment })} />
      <Choice
        id="flow"
        label="Flow"
        value={filters.flow}
        options={facets?.flows.map((flow) => flow.flow_id) ?? []}
        onChange={(flow) => set({ flow, version: '' })}
      />
      <Choice id="version" label="Version" value={filters.version} options={versions} onChange={(version) => set({ version })} />
      <Choice id="entry-point" label="Entry point" value={filters.entryPoint} options={facets?.entry_points ?? []} onChange={(entryPoint) => set({ entryPoint })} />
      <label className="filter">
        <span>Sessions</span>
        <select data-testid="filter-origin" value={filters.origin} onChange={(event) => set({ origin: event.target.value as Origin })}>
          <option value="live">Live only</option>
          <option value="simulator">Simulator</option>
          <option value="flowtest">Flow tests</option>
          <option value="all">All</option>
        </select>
      </label>
    </div>
  );
}
