/** The Audit log page (admins): who changed what and when, filtered by user, object, action
 * and period, paged newest first, and exported as CSV with the same filters. */

import { useState } from 'react';
import { useAsync } from '../common/useAsync';
import { AUDIT_PAGE, auditApi, type AuditFilters, auditQuery } from './adminApi';
import './admin.css';

const NO_FILTERS: AuditFilters = { user: '', object: '', action: '', from: '', to: '' };
const LABELS: Record<keyof AuditFilters, [string, string, string]> = {
  user: ['User', 'text', 'admin'],
  object: ['Object', 'text', 'flow:hello or user:'],
  action: ['Action', 'text', 'user.update or user.'],
  from: ['From', 'datetime-local', ''],
  to: ['To', 'datetime-local', ''],
};

export function AuditLogPage() {
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const params = auditQuery(filters);
  const key = params.toString();
  const page = useAsync(() => auditApi.list(params, offset), [key, offset]);
  const entries = page.data ?? [];
  return (
    <main className="page admin-page" data-testid="audit-page">
      <div className="page-toolbar">
        <h1>Audit log</h1>
      </div>
      <form
        className="admin-form"
        onSubmit={(event) => {
          event.preventDefault();
          setOffset(0);
          setFilters(draft);
        }}
      >
        {(Object.keys(LABELS) as (keyof AuditFilters)[]).map((name) => (
          <label key={name}>
            {LABELS[name][0]}
            <input type={LABELS[name][1]} placeholder={LABELS[name][2]} value={draft[name]}
              data-testid={`audit-filter-${name}`} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} />
          </label>
        ))}
        <button type="submit" className="primary" data-testid="audit-apply">Apply</button>
        <button type="button" onClick={() => { setDraft(NO_FILTERS); setFilters(NO_FILTERS); setOffset(0); }}>Clear</button>
        <a href={auditApi.csvHref(params)} download data-testid="audit-csv">Export CSV</a>
      </form>
      {page.error && <p className="form-error" role="alert" data-testid="audit-error">{page.error}</p>}
      <table className="data-table" data-testid="audit-table">
        <thead>
          <tr><th>When</th><th>User</th><th>Action</th><th>Object</th><th>Details</th></tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row">
              <td>{new Date(entry.at).toLocaleString()}</td>
              <td>{entry.user ?? '—'}</td>
              <td>{entry.action}</td>
              <td><code>{entry.object}</code></td>
              <td className="audit-details">{Object.keys(entry.details).length ? JSON.stringify(entry.details) : ''}</td>
            </tr>
          ))}
          {page.data && entries.length === 0 && <tr><td colSpan={5} className="muted" data-testid="audit-empty">No changes match.</td></tr>}
        </tbody>
      </table>
      <p className="page-toolbar">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - AUDIT_PAGE))}>Newer</button>
        <button type="button" disabled={entries.length < AUDIT_PAGE} data-testid="audit-older" onClick={() => setOffset(offset + AUDIT_PAGE)}>Older</button>
      </p>
    </main>
  );
}
