/** The form that adds a user; the API's password rule (zxcvbn) answers with why a password is weak. */

import { useState } from 'react';
import { explain, type NewUser, usersApi } from './adminApi';
import { RoleChecks } from './RoleChecks';

const EMPTY: NewUser = { username: '', password: '', display_name: '', roles: ['business'], can_promote_live: false };

export function CreateUserForm({ onCreated }: { onCreated(): void }) {
  const [draft, setDraft] = useState<NewUser>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="admin-form"
      data-testid="user-create"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        usersApi
          .create(draft)
          .then(() => {
            setDraft(EMPTY);
            setError(null);
            onCreated();
          })
          .catch((caught: unknown) => setError(explain(caught)))
          .finally(() => setBusy(false));
      }}
    >
      <label>
        User name
        <input required value={draft.username} data-testid="user-create-username"
          onChange={(event) => setDraft({ ...draft, username: event.target.value })} />
      </label>
      <label>
        Display name
        <input value={draft.display_name} data-testid="user-create-display-name"
          onChange={(event) => setDraft({ ...draft, display_name: event.target.value })} />
      </label>
      <label>
        Password
        <input type="password" required autoComplete="new-password" value={draft.password}
          data-testid="user-create-password"
          onChange={(event) => setDraft({ ...draft, password: event.target.value })} />
      </label>
      <div>
        <span className="muted">Roles</span>
        <RoleChecks roles={draft.roles} testId="user-create-roles"
          onChange={(roles) => setDraft({ ...draft, roles })} />
      </div>
      <label className="check">
        <input type="checkbox" checked={draft.can_promote_live} data-testid="user-create-promote-live"
          onChange={(event) => setDraft({ ...draft, can_promote_live: event.target.checked })} />
        May promote to live
      </label>
      <button type="submit" className="primary" disabled={busy} data-testid="user-create-submit">
        Add user
      </button>
      {error && <p className="form-error" role="alert" data-testid="user-create-error">{error}</p>}
    </form>
  );
}
