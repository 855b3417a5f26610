/** The Legal holds page (admins): the holds in force, a form to place one on an interaction, a
 * flow or a number with its reason, and the holds released lately with who released them and
 * when (from the audit log). While a hold is in force no retention purge deletes what it names. */

import { useState } from 'react';
import { useAsync } from '../common/useAsync';
import { explain } from './adminApi';
import { HOLD_KIND_LABELS, HOLD_KINDS, type LegalHold, legalHoldsApi, type NewLegalHold } from './legalHoldsApi';
import './admin.css';

const EMPTY: NewLegalHold = { kind: 'interaction', value: '', reason: '' };

function when(iso: unknown): string {
  return typeof iso === 'string' && iso ? new Date(iso).toLocaleString() : '';
}

export function LegalHoldsPage() {
  const holds = useAsync(() => legalHoldsApi.list(), []);
  const releases = useAsync(() => legalHoldsApi.releases(), []);
  const [draft, setDraft] = useState<NewLegalHold>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const done = (message: string) => {
    setError(null);
    setNotice(message);
    holds.reload();
    releases.reload();
  };
  const fail = (caught: unknown) => {
    setNotice(null);
    setError(explain(caught));
  };
  const place = () => {
    setBusy(true);
    legalHoldsApi
      .place(draft)
      .then((hold) => {
        setDraft(EMPTY);
        done(`Hold ${hold.id} placed on ${hold.kind} ${hold.value}.`);
      })
      .catch(fail)
      .finally(() => setBusy(false));
  };
  const release = (hold: LegalHold) => {
    if (!window.confirm(`Release the hold on ${hold.kind} ${hold.value}? The retention purge may then delete what it kept.`)) return;
    legalHoldsApi
      .release(hold.id)
      .then(() => done(`Hold ${hold.id} on ${hold.kind} ${hold.value} released.`))
      .catch(fail);
  };
  const released = releases.data ?? [];
  return (
    <main className="page admin-page" data-testid="legal-holds-page">
      <div className="page-toolbar">
        <h1>Legal holds</h1>
        <span className="muted">While a hold is in force, no retention purge deletes the call records, recordings, transcripts or analytics it names.</span>
      </div>
      <form
        className="admin-form"
        data-testid="hold-form"
        onSubmit={(event) => {
          event.preventDefault();
          place();
        }}
      >
        <label>
          Hold on
          <select value={draft.kind} data-testid="hold-kind" onChange={(event) => setDraft({ ...draft, kind: event.target.value as NewLegalHold['kind'] })}>
            {HOLD_KINDS.map((kind) => <option key={kind} value={kind}>{HOLD_KIND_LABELS[kind]}</option>)}
          </select>
        </label>
        <label>
          Value
          <input required maxLength={255} value={draft.value} data-testid="hold-value"
            placeholder={draft.kind === 'number' ? '+15550001' : draft.kind === 'flow' ? 'billing' : 'call or session id'}
            onChange={(event) => setDraft({ ...draft, value: event.target.value })} />
        </label>
        <label>
          Reason
          <input required maxLength={1000} value={draft.reason} data-testid="hold-reason" placeholder="Case 2026-114"
            onChange={(event) => setDraft({ ...draft, reason: event.target.value })} />
        </label>
        <button type="submit" className="primary" disabled={busy} data-testid="hold-place">Place hold</button>
      </form>
      {(error ?? holds.error) && <p className="form-error" role="alert" data-testid="hold-error">{error ?? holds.error}</p>}
      {notice && <p className="muted" role="status" data-testid="hold-notice">{notice}</p>}
      <h2>In force</h2>
      <table className="data-table" data-testid="hold-table">
        <thead>
          <tr><th>Kind</th><th>Value</th><th>Reason</th><th>Placed by</th><th>Placed</th><th /></tr>
        </thead>
        <tbody>
          {(holds.data ?? []).map((hold) => (
            <tr key={hold.id} data-testid={`hold-row-${hold.value}`}>
              <td>{hold.kind}</td>
              <td><code>{hold.value}</code></td>
              <td>{hold.reason}</td>
              <td>{hold.created_by ?? '—'}</td>
              <td>{when(hold.created_at)}</td>
              <td className="actions">
                <button type="button" data-testid={`hold-release-${hold.value}`} onClick={() => release(hold)}>Release</button>
              </td>
            </tr>
          ))}
          {holds.data?.length === 0 && <tr><td colSpan={6} className="muted" data-testid="hold-none">No legal holds in force.</td></tr>}
        </tbody>
      </table>
      <h2>Released lately</h2>
      {releases.error && <p className="form-error" role="alert">{releases.error}</p>}
      <table className="data-table" data-testid="release-table">
        <thead>
          <tr><th>Kind</th><th>Value</th><th>Reason</th><th>Placed by</th><th>Placed</th><th>Released by</th><th>Released</th></tr>
        </thead>
        <tbody>
          {released.map((entry) => (
            <tr key={entry.id} data-testid={`release-row-${String(entry.details['value'] ?? '')}`}>
              <td>{String(entry.details['kind'] ?? '')}</td>
              <td><code>{String(entry.details['value'] ?? '')}</code></td>
              <td>{String(entry.details['reason'] ?? '')}</td>
              <td>{String(entry.details['placed_by'] ?? '—')}</td>
              <td>{when(entry.details['placed_at'])}</td>
              <td data-testid="release-by">{entry.user ?? '—'}</td>
              <td>{when(entry.at)}</td>
            </tr>
          ))}
          {releases.data?.length === 0 && <tr><td colSpan={7} className="muted">No holds released yet.</td></tr>}
        </tbody>
      </table>
    </main>
  );
}
