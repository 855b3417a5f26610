/** The Callbacks report in Analytics: per queue and day, offered, accepted, scheduled, dialled,
 * connected, abandoned after connect and failed by reason, for the dashboard's period and a
 * queue, with a CSV link. */

import { useState } from 'react';
import { rangeOf, type AnalyticsFilters } from '../filters';
import { usePolling } from '../usePolling';
import { callbacksReportApi, reportQuery, type CallbackReportRow } from './callbacksReportApi';
import './callbacksReport.css';

const COLUMNS: [keyof CallbackReportRow, string][] = [
  ['offered', 'Offered'],
  ['accepted', 'Accepted'],
  ['scheduled', 'Scheduled'],
  ['dialed', 'Dialed'],
  ['connected', 'Connected'],
  ['completed', 'Completed'],
  ['abandoned_after_connect', 'Abandoned after connect'],
  ['cancelled', 'Cancelled'],
  ['expired', 'Expired'],
  ['failed', 'Failed'],
];

function reasons(row: CallbackReportRow): string {
  return Object.entries(row.failed_by_reason)
    .map(([reason, count]) => `${reason}: ${count}`)
    .join('; ');
}

export function CallbacksReportPanel({ filters }: { filters: AnalyticsFilters }) {
  const [queue, setQueue] = useState('');
  const query = reportQuery(rangeOf(filters), queue.trim());
  const key = JSON.stringify([filters.preset, filters.from, filters.to, queue.trim()]);
  const rows = usePolling(() => callbacksReportApi.rows(query), `callbacks-report:${key}`);
  return (
    <section className="analytics-card callbacks-report" data-testid="callbacks-report">
      <header>
        <h2>Callbacks</h2>
        <label className="filter">
          Queue
          <input value={queue} onChange={(event) => setQueue(event.target.value)} data-testid="callbacks-report-queue" />
        </label>
        <a href={callbacksReportApi.csvLink(query)} download data-testid="export-callbacks">
          Callbacks CSV
        </a>
      </header>
      {rows.error && (
        <p className="error" role="alert">
          {rows.error}
        </p>
      )}
      {rows.data && rows.data.length === 0 && <p className="muted">No callbacks in this range.</p>}
      {rows.data && rows.data.length > 0 && (
        <table className="callbacks-report-table">
          <thead>
            <tr>
              <th>Queue</th>
              <th>Day</th>
              {COLUMNS.map(([, label]) => (
                <th key={label}>{label}</th>
              ))}
              <th>Failed by reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.data.map((row) => (
              <tr key={`${row.queue}:${row.day}`} data-testid={`callbacks-report-row-${row.queue}`}>
                <td>{row.queue || '–'}</td>
                <td>{row.day}</td>
                {COLUMNS.map(([name]) => (
                  <td key={name} data-testid={`callbacks-report-${name}`}>
                    {String(row[name])}
                  </td>
                ))}
                <td>{reasons(row)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
