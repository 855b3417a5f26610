/** One callback: its life cycle, every attempt with its SIP result, and (while it is scheduled
 * or queued) cancel and reschedule; a refused reschedule shows why and the next free slots. */

import { useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { useAsync } from '../common/useAsync';
import { type Callback, CHANGEABLE, callbacksApi, type FreeSlot, when } from './callbacksApi';

interface Refusal {
  message: string;
  nextFree: FreeSlot[];
}

function refusalOf(error: unknown): Refusal {
  const slots = error instanceof ApiError && Array.isArray(error.details.next_free) ? (error.details.next_free as FreeSlot[]) : [];
  return { message: errorMessage(error), nextFree: slots };
}

/** A `datetime-local` value (browser time) for an ISO instant. */
function localInput(iso: string): string {
  const moment = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

function Changes({ callback, onChanged }: { callback: Callback; onChanged: (next: Callback) => void }) {
  const [desired, setDesired] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const run = (action: () => Promise<Callback>) => {
    setBusy(true);
    setRefusal(null);
    action()
      .then(onChanged)
      .catch((error: unknown) => setRefusal(refusalOf(error)))
      .finally(() => setBusy(false));
  };
  if (!CHANGEABLE.has(callback.state)) return <p className="muted" data-testid="callback-final">This callback can no longer be changed.</p>;
  return (
    <section className="callback-changes">
      <form onSubmit={(event) => {
        event.preventDefault();
        if (desired) run(() => callbacksApi.reschedule(callback.id, new Date(desired).toISOString()));
      }}>
        <label className="filter">
          New time
          <input type="datetime-local" value={desired} required data-testid="callback-new-time"
            onChange={(event) => setDesired(event.target.value)} />
        </label>
        <button type="submit" disabled={busy} data-testid="callback-reschedule">Reschedule</button>
        <button type="button" className="danger" disabled={busy} data-testid="callback-cancel"
          onClick={() => {
            if (window.confirm(`Cancel callback ${callback.id}?`)) run(() => callbacksApi.cancel(callback.id));
          }}>
          Cancel callback
        </button>
      </form>
      {refusal && (
        <div className="error" role="alert" data-testid="callback-refusal">
          <p>{refusal.message}</p>
          {refusal.nextFree.length > 0 && (
            <>
              <p>Next free slots:</p>
              <ul data-testid="callback-next-free">
                {refusal.nextFree.map((slot) => (
                  <li key={slot.start}>
                    <button type="button" className="link" onClick={() => setDesired(localInput(slot.start))}>
                      {when(slot.start)}
                    </button>{' '}
                    <span className="muted">({slot.free} free)</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

export function CallbackDetail({ id }: { id: number }) {
  const loaded = useAsync(() => callbacksApi.get(id), [id]);
  const [changed, setChanged] = useState<Callback | null>(null);
  const callback = changed ?? loaded.data;
  return (
    <main className="page callbacks-page" data-testid="callback-detail">
      <div className="page-toolbar">
        <a href="#/callbacks">← Callbacks</a>
        <h1>Callback {id}</h1>
      </div>
      {loaded.error && <p className="error" role="alert">{loaded.error}</p>}
      {callback && (
        <>
          <dl className="callback-facts">
            <dt>State</dt><dd data-testid="callback-state">{callback.state}</dd>
            <dt>Kind</dt><dd>{callback.kind}</dd>
            <dt>Queue</dt><dd>{callback.queue}</dd>
            <dt>Number</dt><dd>{callback.number}</dd>
            <dt>Due</dt><dd data-testid="callback-due">{when(callback.due_at)}</dd>
            <dt>Slot</dt><dd>{when(callback.slot_start)}</dd>
            <dt>Reason</dt><dd data-testid="callback-reason">{callback.reason || '–'}</dd>
            <dt>Booked</dt><dd>{when(callback.created_at)} by {callback.created_by ?? callback.origin}</dd>
          </dl>
          <Changes callback={callback} onChanged={setChanged} />
          <h2>Attempts</h2>
          {callback.attempts.length === 0 ? (
            <p className="muted">Not dialled yet.</p>
          ) : (
            <table className="data-table" data-testid="callback-attempts">
              <thead>
                <tr><th>#</th><th>Started</th><th>Ended</th><th>Dialer</th><th>SIP</th><th>Result</th><th>Reason</th></tr>
              </thead>
              <tbody>
                {callback.attempts.map((attempt, index) => (
                  <tr key={attempt.id} data-testid={`callback-attempt-${index + 1}`}>
                    <td>{index + 1}</td>
                    <td>{when(attempt.started_at)}</td>
                    <td>{when(attempt.ended_at)}</td>
                    <td>{attempt.dialer}</td>
                    <td>{attempt.sip_code ?? '–'}</td>
                    <td>{attempt.result}</td>
                    <td>{attempt.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </main>
  );
}
