/** The figures of the selected block: visits, input outcomes, errors, time spent, drop-off. */

import { count, percent, seconds } from '../format';
import type { BlockFigures } from '../types';

export function BlockStatsPanel({ blockId, figures }: { blockId: string; figures: BlockFigures | undefined }) {
  if (!figures) {
    return (
      <div data-testid="block-stats" data-block={blockId}>
        <h3>{blockId}</h3>
        <p className="muted">No visits in this range.</p>
      </div>
    );
  }
  const attempts = Object.values(figures.inputs).reduce((sum, value) => sum + value, 0);
  const errors = Object.entries(figures.errors);
  return (
    <div data-testid="block-stats" data-block={blockId}>
      <h3>{blockId}</h3>
      <dl>
        <dt>Visits</dt>
        <dd data-testid="block-stats-visits">{count(figures.visits)}</dd>
        <dt>Drop-off</dt>
        <dd data-testid="block-stats-dropoff">
          {count(figures.dropoff)} ({percent(figures.dropoff_rate)})
        </dd>
        {attempts > 0 && (
          <>
            <dt>No input</dt>
            <dd data-testid="block-stats-noinput">{percent(figures.noinput_rate)}</dd>
            <dt>No match</dt>
            <dd data-testid="block-stats-nomatch">{percent(figures.nomatch_rate)}</dd>
            <dt>Matched</dt>
            <dd data-testid="block-stats-match">{percent(figures.match_rate)}</dd>
          </>
        )}
        <dt>Errors</dt>
        <dd data-testid="block-stats-errors">
          {count(figures.error_count)}
          {errors.length > 0 && ` (${errors.map(([kind, number]) => `${kind} ${number}`).join(', ')})`}
        </dd>
        <dt>Time spent (avg)</dt>
        <dd data-testid="block-stats-time">{seconds(figures.time.avg_s)}</dd>
      </dl>
    </div>
  );
}
