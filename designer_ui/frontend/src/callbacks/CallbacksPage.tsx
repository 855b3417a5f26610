/** The Callbacks page: upcoming and past callbacks with filters (state, queue, period), or one
 * callback with every attempt and its SIP result, cancel and reschedule. */

import { useState } from 'react';
import { useAsync } from '../common/useAsync';
import { CallbackDetail } from './CallbackDetail';
import { type Callback, type CallbackFilters, callbacksApi, listQuery, LIST_LIMIT, STATES, UPCOMING, when } from './callbacksApi';
import { callbackHref } from './route';
import './callbacks.css';

const NO_FILTERS: CallbackFilters = { state: '', queue: '', from: '', to: '' };

function CallbackTable({ title, rows, testId }: { title: string; rows: Callback[]; testId: string }) {
  return (
    <section className="callbacks-section" data-testid={testId}>
      <h2>
        {title} <span className="muted">({rows.length})</span>
      </h2>
      {rows.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table className="data-table callbacks-table">
          <thead>
            <tr>
              <th>Due</th><th>State</th><th>Kind</th><th>Queue</th><th>Number</th><th>Attempts</th><th>Last SIP result</th><th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const last = row.attempts[row.attempts.length - 1];
              return (
                <tr key={row.id} data-testid={`callback-row-${row.id}`}>
                  <td><a href={callbackHref(row.id)}>{when(row.due_at)}</a></td>
                  <td><span className={`callback-state state-${row.state}`}>{row.state}</span></td>
                  <td>{row.kind}</td>
                  <td>{row.queue}</td>
                  <td>{row.number}</td>
                  <td>{row.attempts_made}</td>
                  <td>{last ? `${last.sip_code ?? '–'} ${last.result}` : '–'}</td>
                  <td>{row.reason}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CallbackList() {
  const [draft, setDraft] = useState<CallbackFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<CallbackFilters>(NO_FILTERS);
  const query = listQuery(filters);
  const list = useAsync(() => callbacksApi.list(query), [query]);
  const upcoming = (list.data ?? []).filter((row) => UPCOMING.has(row.state)).reverse();
  const past = (list.data ?? []).filter((row) => !UPCOMING.has(row.state));
  const input = (name: 'queue' | 'from' | 'to', label: string, type = 'text') => (
    <label className="filter">
      {label}
      <input type={type} value={draft[name]} data-testid={`callbacks-filter-${name}`}
        onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} />
    </label>
  );
  return (
    <main className="page callbacks-page" data-testid="callbacks-page">
      <div className="page-toolbar">
        <h1>Callbacks</h1>
      </div>
      <form className="callbacks-filters" onSubmit={(event) => {
        event.preventDefault();
        setFilters(draft);
      }}>
        <label className="filter">
          State
          <select value={draft.state} data-testid="callbacks-filter-state"
            onChange={(event) => setDraft({ ...draft, state: event.target.value })}>
            <option value="">any</option>
            {STATES.map((state) => <option key={state} value={state}>{state}</option>)}
          </select>
        </label>
        {input('queue', 'Queue')}
        {input('from', 'Due from', 'datetime-local')}
        {input('to', 'Due before', 'datetime-local')}
        <button type="submit" data-testid="callbacks-apply">Apply</button>
        <button type="button" onClick={() => list.reload()}>Refresh</button>
      </form>
      {list.error && <p className="error" role="alert">{list.error}</p>}
      {list.loading && !list.data && <p className="loading">Loading…</p>}
      {list.data && (
        <>
          <CallbackTable title="Upcoming" rows={upcoming} testId="callbacks-upcoming" />
          <CallbackTable title="Past" rows={past} testId="callbacks-past" />
          {list.data.length >= LIST_LIMIT && <p className="muted">Only the first {LIST_LIMIT} are shown; narrow the filters.</p>}
        </>
      )}
    </main>
  );
}

export function CallbacksPage({ callbackId }: { callbackId: string }) {
  if (callbackId) return <CallbackDetail id={Number(callbackId)} />;
  return <CallbackList />;
}
