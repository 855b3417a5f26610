/** One user opened on the Users page: name, roles, live promotion, (de)activation, password
 * reset and API tokens. Admins cannot lock themselves out (the API answers 409). */

import { useState } from 'react';
import { type AdminUser, explain, type UserChange, usersApi } from './adminApi';
import { PasswordResetForm } from './PasswordResetForm';
import { RoleChecks } from './RoleChecks';
import { UserTokens } from './UserTokens';

interface UserEditorProps {
  user: AdminUser;
  isMe: boolean;
  onChanged(): void;
}

export function UserEditor({ user, isMe, onChanged }: UserEditorProps) {
  const [displayName, setDisplayName] = useState(user.display_name);
  const [roles, setRoles] = useState(user.roles);
  const [promote, setPromote] = useState(user.can_promote_live);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = (change: UserChange, done: string) =>
    usersApi
      .update(user.id, change)
      .then(() => {
        setMessage({ ok: true, text: done });
        onChanged();
      })
      .catch((caught: unknown) => setMessage({ ok: false, text: explain(caught) }));
  return (
    <section className="admin-section" data-testid="user-editor">
      <h2>{user.username}{user.active ? '' : ' (deactivated)'}</h2>
      <form
        className="admin-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save({ display_name: displayName, roles, can_promote_live: promote }, 'Saved.');
        }}
      >
        <label>
          Display name
          <input value={displayName} maxLength={128} data-testid="user-edit-display-name"
            onChange={(event) => setDisplayName(event.target.value)} />
        </label>
        <div>
          <span className="muted">Roles</span>
          <RoleChecks roles={roles} onChange={setRoles} testId="user-edit-roles" />
        </div>
        <label className="check">
          <input type="checkbox" checked={promote} data-testid="user-edit-promote-live"
            onChange={(event) => setPromote(event.target.checked)} />
          May promote to live
        </label>
        <button type="submit" className="primary" data-testid="user-edit-save">Save</button>
        {user.active ? (
          <button type="button" data-testid="user-deactivate" disabled={isMe}
            title={isMe ? 'You cannot deactivate yourself.' : undefined}
            onClick={() => window.confirm(`Deactivate ${user.username}? Their sessions end now.`) &&
              void save({ active: false }, `${user.username} is deactivated; their sessions have ended.`)}>
            Deactivate
          </button>
        ) : (
          <button type="button" data-testid="user-activate" onClick={() => void save({ active: true }, `${user.username} is active again.`)}>
            Activate
          </button>
        )}
      </form>
      {message && (
        <p className={message.ok ? 'form-ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}
          data-testid="user-edit-message">
          {message.text}
        </p>
      )}
      {!isMe && <PasswordResetForm user={user} />}
      <UserTokens user={user} />
    </section>
  );
}
