/** An admin resets someone's password: typed, or generated and shown once. Either way the
 * user's sessions end (and their API tokens, unless kept). */

import { useState } from 'react';
import { type AdminUser, explain, usersApi } from './adminApi';

export function PasswordResetForm({ user }: { user: AdminUser }) {
  const [typed, setTyped] = useState('');
  const [keepTokens, setKeepTokens] = useState(false);
  const [result, setResult] = useState<{ generated: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reset = (password: string | null) => {
    if (!window.confirm(`Reset the password of ${user.username}? Their sessions end now.`)) return;
    usersApi
      .resetPassword(user.id, password, keepTokens)
      .then((answer) => {
        setResult({ generated: answer.password });
        setTyped('');
        setError(null);
      })
      .catch((caught: unknown) => {
        setResult(null);
        setError(explain(caught));
      });
  };
  return (
    <section className="admin-section" data-testid="password-reset">
      <h2>Reset password</h2>
      <form className="admin-form" onSubmit={(event) => { event.preventDefault(); reset(typed); }}>
        <label>
          New password
          <input type="password" autoComplete="new-password" required value={typed}
            data-testid="reset-password-input" onChange={(event) => setTyped(event.target.value)} />
        </label>
        <button type="submit" data-testid="reset-password-set">Set this password</button>
        <button type="button" data-testid="reset-password-generate" onClick={() => reset(null)}>
          Generate one
        </button>
        <label className="check">
          <input type="checkbox" checked={keepTokens} data-testid="reset-keep-tokens"
            onChange={(event) => setKeepTokens(event.target.checked)} />
          Keep their API tokens
        </label>
      </form>
      {result && (
        <p className="secret-once" data-testid="reset-password-done">
          Password changed; {user.username}'s sessions have ended.
          {result.generated && (
            <> Pass this on once, it is not shown again: <code data-testid="reset-password-generated">{result.generated}</code></>
          )}
        </p>
      )}
      {error && <p className="form-error" role="alert" data-testid="reset-password-error">{error}</p>}
    </section>
  );
}
