/** The Calls page: recent voice calls with filters (newest first, paged), or one call. */

import { useState } from 'react';
import { useAsync } from '../common/useAsync';
import { CallDetailView } from './CallDetailView';
import { type CallFilters, callsApi, callsQuery, csvHref, PAGE_SIZE } from './callsApi';
import { seconds, when } from './format';
import { callHref } from './route';
import './calls.css';

const NO_FILTERS: CallFilters = { flow: '', disposition: '', from: '', to: '' };

function CallList() {
  const [draft, setDraft] = useState<CallFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<CallFilters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const query = callsQuery(filters, offset);
  const page = useAsync(() => callsApi.list(query), [query]);
  const field = (name: keyof CallFilters, label: string, type = 'text') => (
    <label className="filter">
      {label}
      <input
        type={type}
        value={draft[name]}
        data-testid={`calls-filter-${name}`}
        onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
      />
    </label>
  );
  const total = page.data?.total ?? 0;
  return (
    <main className="page calls-page" data-testid="calls-page">
      <div className="page-toolbar">
        <h1>Calls</h1>
      </div>
      <form
        className="calls-filters"
        onSubmit={(event) => {
          event.preventDefault();
          setOffset(0);
          setFilters(draft);
        }}
      >
        {field('flow', 'Flow')}
        {field('disposition', 'Disposition')}
        {field('from', 'From', 'datetime-local')}
        {field('to', 'To', 'datetime-local')}
        <button type="submit" data-testid="calls-apply">Apply</button>
        <button type="button" onClick={() => page.reload()}>Refresh</button>
        <a href={csvHref(callsQuery(filters))} download data-testid="calls-csv">Export CSV</a>
      </form>
      {page.error && <p className="error" role="alert">{page.error}</p>}
      {page.loading && !page.data && <p className="loading">Loading…</p>}
      {page.data && page.data.calls.length === 0 && <p data-testid="calls-empty">No calls match.</p>}
      {page.data && page.data.calls.length > 0 && (
        <table className="data-table calls-table" data-testid="calls-table">
          <thead>
            <tr>
              <th>Started</th><th>Caller</th><th>Dialled</th><th>Flow</th><th>Disposition</th>
              <th>Ended by</th><th>Answer</th><th>Duration</th><th>Blocks</th><th>Keys</th>
            </tr>
          </thead>
          <tbody>
            {page.data.calls.map((call) => (
              <tr key={call.id} data-testid="call-row">
                <td><a href={callHref(call.id)}>{when(call.started_at)}</a></td>
                <td>{call.ani}</td>
                <td>{call.dnis}</td>
                <td>{call.flow_id ? `${call.flow_id} v${call.flow_version ?? '?'}` : '—'}</td>
                <td>{call.disposition}</td>
                <td>{call.ended_by}</td>
                <td>{seconds(call.answer_s)}</td>
                <td>{seconds(call.duration_s)}</td>
                <td>{call.blocks}</td>
                <td>{call.keys}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > PAGE_SIZE && (
        <p className="calls-pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            Newer
          </button>
          <span>
            {offset + 1}–{Math.min(offset + PAGE_SIZE, total)} of {total}
          </span>
          <button type="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            Older
          </button>
        </p>
      )}
    </main>
  );
}

export function CallsPage({ callId }: { callId: string }) {
  return callId ? <CallDetailView callId={callId} /> : <CallList />;
}
