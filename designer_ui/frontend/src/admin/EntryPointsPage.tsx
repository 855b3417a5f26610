/** The Entry points page (developers, admins): which phone number or chat key reaches which
 * flow in which environment — or goes straight into a queue (with the queue's in-queue flow).
 * A taken address is refused by the API (409) and the message naming the flow or queue that
 * holds it is shown; so is an unknown queue or one without the entry point's channel. */

import { useState } from 'react';
import { flowsApi } from '../api/endpoints';
import { useAsync } from '../common/useAsync';
import { type Queue, queuesApi } from '../queues/queuesApi';
import { ENTRY_KINDS, ENVIRONMENTS, type EntryPoint, type EntryPointInput, entryPointsApi, explain } from './adminApi';
import './admin.css';

const EMPTY: EntryPointInput = { kind: 'phone', address: '', flow_id: '', queue: null, environment: 'live', fields: {} };
/** The channel a queue needs for an entry point of this kind. */
const CHANNEL_OF: Record<string, string> = { phone: 'voice', chat: 'chat' };

/** The draft for another kind: a chosen queue without that kind's channel is cleared. */
function withKind(draft: EntryPointInput, kind: string, queues: Queue[]): EntryPointInput {
  if (draft.queue === null || draft.queue === '') return { ...draft, kind };
  const chosen = queues.find((queue) => queue.name === draft.queue);
  const fits = chosen?.channels.includes(CHANNEL_OF[kind] ?? '') ?? false;
  return { ...draft, kind, queue: fits ? draft.queue : '' };
}

/** What the API takes: a flow or a queue, never both. */
function payload(draft: EntryPointInput): EntryPointInput {
  return draft.queue !== null ? { ...draft, flow_id: null } : { ...draft, queue: null };
}

export function EntryPointsPage() {
  const entries = useAsync(() => entryPointsApi.list(), []);
  const flows = useAsync(() => flowsApi.list(), []);
  const queues = useAsync(() => queuesApi.list(), []);
  const [draft, setDraft] = useState<EntryPointInput>(EMPTY);
  const [editing, setEditing] = useState<number | null>(null);
  const toQueue = draft.queue !== null;
  const queueChoices = (queues.data ?? []).filter((queue) => queue.channels.includes(CHANNEL_OF[draft.kind] ?? ''));
  const [error, setError] = useState<string | null>(null);
  const act = (work: Promise<unknown>) =>
    work
      .then(() => {
        setError(null);
        setDraft(EMPTY);
        setEditing(null);
        entries.reload();
      })
      .catch((caught: unknown) => setError(explain(caught)));
  const edit = (entry: EntryPoint) => {
    setEditing(entry.id);
    setDraft({ kind: entry.kind, address: entry.address, flow_id: entry.flow_id ?? '', queue: entry.queue, environment: entry.environment, fields: entry.fields });
    setError(null);
  };
  return (
    <main className="page admin-page" data-testid="entry-points-page">
      <div className="page-toolbar">
        <h1>Entry points</h1>
        <span className="muted">Phone numbers (DNIS) and chat keys, each leading to one flow — or straight into a queue — in one environment.</span>
      </div>
      <form
        className="admin-form"
        data-testid="entry-form"
        onSubmit={(event) => {
          event.preventDefault();
          act(editing === null ? entryPointsApi.create(payload(draft)) : entryPointsApi.update(editing, payload(draft)));
        }}
      >
        <label>
          Kind
          <select value={draft.kind} data-testid="entry-kind" onChange={(event) => setDraft(withKind(draft, event.target.value, queues.data ?? []))}>
            {ENTRY_KINDS.map((kind) => <option key={kind} value={kind}>{kind === 'phone' ? 'Phone number' : 'Chat key'}</option>)}
          </select>
        </label>
        <label>
          Address
          <input required maxLength={200} value={draft.address} data-testid="entry-address"
            placeholder={draft.kind === 'phone' ? '+18005550100' : 'web-support'}
            onChange={(event) => setDraft({ ...draft, address: event.target.value })} />
        </label>
        <label>
          Leads to
          <select value={toQueue ? 'queue' : 'flow'} data-testid="entry-target"
            onChange={(event) => setDraft({ ...draft, queue: event.target.value === 'queue' ? '' : null })}>
            <option value="flow">A flow</option>
            <option value="queue">Straight into a queue</option>
          </select>
        </label>
        {toQueue ? (
          <label>
            Queue
            <select required value={draft.queue ?? ''} data-testid="entry-queue" onChange={(event) => setDraft({ ...draft, queue: event.target.value })}>
              <option value="">Choose a {CHANNEL_OF[draft.kind]} queue…</option>
              {queueChoices.map((queue) => <option key={queue.id} value={queue.name}>{queue.name}</option>)}
            </select>
          </label>
        ) : (
          <label>
            Flow
            <select required value={draft.flow_id ?? ''} data-testid="entry-flow" onChange={(event) => setDraft({ ...draft, flow_id: event.target.value })}>
              <option value="">Choose a flow…</option>
              {(flows.data ?? []).map((flow) => <option key={flow.id} value={flow.id}>{flow.name} ({flow.id})</option>)}
            </select>
          </label>
        )}
        <label>
          Environment
          <select value={draft.environment} data-testid="entry-environment" onChange={(event) => setDraft({ ...draft, environment: event.target.value })}>
            {ENVIRONMENTS.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </label>
        <button type="submit" className="primary" data-testid="entry-save">{editing === null ? 'Add entry point' : 'Save changes'}</button>
        {editing !== null && (
          <button type="button" data-testid="entry-cancel" onClick={() => { setEditing(null); setDraft(EMPTY); setError(null); }}>Cancel</button>
        )}
      </form>
      {(error ?? entries.error) && <p className="form-error" role="alert" data-testid="entry-error">{error ?? entries.error}</p>}
      <table className="data-table" data-testid="entry-table">
        <thead>
          <tr><th>Kind</th><th>Address</th><th>Leads to</th><th>Environment</th><th>Updated</th><th /></tr>
        </thead>
        <tbody>
          {(entries.data ?? []).map((entry) => (
            <tr key={entry.id} data-testid={`entry-row-${entry.address}`}>
              <td>{entry.kind}</td>
              <td><code>{entry.address}</code></td>
              <td>
                {entry.queue !== null
                  ? <span data-testid={`entry-queue-${entry.address}`}>queue <a href="#/queues">{entry.queue}</a></span>
                  : <a href={`#/flows/${encodeURIComponent(entry.flow_id ?? '')}`}>{entry.flow_id}</a>}
              </td>
              <td>{entry.environment}</td>
              <td>{entry.updated_at ? new Date(entry.updated_at).toLocaleString() : ''}</td>
              <td className="actions">
                <button type="button" data-testid={`entry-edit-${entry.address}`} onClick={() => edit(entry)}>Edit</button>
                <button type="button" data-testid={`entry-delete-${entry.address}`}
                  onClick={() => window.confirm(`Delete the entry point ${entry.address}? Contacts to it no longer reach a flow.`) &&
                    act(entryPointsApi.remove(entry.id))}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
          {entries.data?.length === 0 && <tr><td colSpan={6} className="muted">No entry points yet.</td></tr>}
        </tbody>
      </table>
    </main>
  );
}
