/** One user's API tokens: the list (never the secrets), a new one shown once, and revoking. */

import { useState } from 'react';
import { useAsync } from '../common/useAsync';
import { type AdminUser, type CreatedToken, explain, usersApi } from './adminApi';

function day(value: string | null): string {
  return value ? new Date(value).toLocaleString() : '—';
}

export function UserTokens({ user }: { user: AdminUser }) {
  const tokens = useAsync(() => usersApi.tokens(user.id), [user.id]);
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = (work: Promise<unknown>) =>
    work.then(() => { setError(null); tokens.reload(); }).catch((caught: unknown) => setError(explain(caught)));
  return (
    <section className="admin-section" data-testid="user-tokens">
      <h2>API tokens of {user.username}</h2>
      {created && (
        <p className="secret-once" data-testid="token-secret">
          New token “{created.name}” — copy it now, it is not shown again: <code>{created.token}</code>
        </p>
      )}
      <table className="data-table">
        <thead>
          <tr><th>Name</th><th>Starts with</th><th>Created</th><th>Last used</th><th>Expires</th><th /></tr>
        </thead>
        <tbody>
          {(tokens.data ?? []).map((token) => (
            <tr key={token.id} data-testid="token-row">
              <td>{token.name}</td>
              <td><code>{token.prefix}…</code></td>
              <td>{day(token.created_at)}</td>
              <td>{day(token.last_used_at)}</td>
              <td>{day(token.expires_at)}</td>
              <td>
                <button type="button" data-testid={`token-revoke-${token.name}`}
                  onClick={() => window.confirm(`Revoke the token “${token.name}”?`) &&
                    act(usersApi.revokeToken(user.id, token.id).then(() => setCreated(null)))}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
          {tokens.data?.length === 0 && (
            <tr><td colSpan={6} className="muted" data-testid="tokens-empty">No API tokens.</td></tr>
          )}
        </tbody>
      </table>
      <form
        className="admin-form"
        onSubmit={(event) => {
          event.preventDefault();
          act(usersApi.createToken(user.id, name, days).then((token) => { setCreated(token); setName(''); }));
        }}
      >
        <label>
          Token name
          <input required maxLength={100} value={name} data-testid="token-name" onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          Valid for (days)
          <input type="number" min={1} max={3650} value={days} data-testid="token-days"
            onChange={(event) => setDays(Number(event.target.value))} />
        </label>
        <button type="submit" disabled={!user.active} data-testid="token-create">Create token</button>
      </form>
      {(error ?? tokens.error) && <p className="form-error" role="alert">{error ?? tokens.error}</p>}
    </section>
  );
}
