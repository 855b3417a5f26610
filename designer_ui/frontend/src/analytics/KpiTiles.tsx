/** The dashboard's headline figures. */

import { count, percent, seconds } from './format';
import type { Summary } from './types';

interface Tile {
  id: string;
  label: string;
  value: string;
  detail?: string;
}

function tiles(summary: Summary): Tile[] {
  return [
    { id: 'sessions', label: 'Sessions', value: count(summary.sessions), detail: `${count(summary.active)} active` },
    { id: 'containment', label: 'Self-service containment', value: percent(summary.containment_rate), detail: `${count(summary.contained)} of ${count(summary.ended)} ended` },
    { id: 'routed', label: 'Routed', value: count(summary.routed), detail: percent(summary.routed_rate) },
    { id: 'abandoned', label: 'Abandoned', value: count(summary.abandoned), detail: percent(summary.abandoned_rate) },
    { id: 'errors', label: 'Errors', value: count(summary.errors), detail: `${count(summary.error_events)} error events` },
    { id: 'avg-duration', label: 'Average duration', value: seconds(summary.avg_duration_s) },
    { id: 'p90-duration', label: 'p90 duration', value: seconds(summary.p90_duration_s) },
  ];
}

export function KpiTiles({ summary }: { summary: Summary }) {
  return (
    <div className="kpi-tiles">
      {tiles(summary).map((tile) => (
        <div key={tile.id} className="kpi" data-testid={`kpi-${tile.id}`}>
          <span className="kpi-label">{tile.label}</span>
          <strong className="kpi-value" data-testid={`kpi-${tile.id}-value`}>
            {tile.value}
          </strong>
          {tile.detail && <span className="kpi-detail">{tile.detail}</span>}
        </div>
      ))}
    </div>
  );
}
