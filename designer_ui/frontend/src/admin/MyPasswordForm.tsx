/** Changing my own password (the demo admin's first task): the API ends my other sessions
 * and, unless kept, my API tokens; this browser gets a fresh session. */

import { useState } from 'react';
import { explain, usersApi } from './adminApi';

export function MyPasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [keepTokens, setKeepTokens] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <section className="admin-section" data-testid="my-password">
      <h2>Change my password</h2>
      <form
        className="admin-form"
        onSubmit={(event) => {
          event.preventDefault();
          usersApi
            .changeMine(current, next, keepTokens)
            .then(() => {
              setCurrent('');
              setNext('');
              setMessage({ ok: true, text: 'Your password is changed; your other sessions have ended.' });
            })
            .catch((caught: unknown) => setMessage({ ok: false, text: explain(caught) }));
        }}
      >
        <label>
          Current password
          <input type="password" autoComplete="current-password" required value={current}
            data-testid="my-password-current" onChange={(event) => setCurrent(event.target.value)} />
        </label>
        <label>
          New password
          <input type="password" autoComplete="new-password" required value={next}
            data-testid="my-password-new" onChange={(event) => setNext(event.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={keepTokens} onChange={(event) => setKeepTokens(event.target.checked)} />
          Keep my API tokens
        </label>
        <button type="submit" className="primary" data-testid="my-password-submit">Change password</button>
      </form>
      {message && (
        <p className={message.ok ? 'form-ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}
          data-testid="my-password-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
