/** The Users page (admins): every account with its roles, adding users, opening one to change
 * it, and changing my own password — what the demo admin's start-up message points to. */

import { useState } from 'react';
import { useSession } from '../auth/session';
import { useAsync } from '../common/useAsync';
import { usersApi } from './adminApi';
import { CreateUserForm } from './CreateUserForm';
import { MyPasswordForm } from './MyPasswordForm';
import { UserEditor } from './UserEditor';
import './admin.css';

export function UsersPage() {
  const { user: me } = useSession();
  const users = useAsync(() => usersApi.list(), []);
  const [openId, setOpenId] = useState<number | null>(null);
  const open = users.data?.find((user) => user.id === openId) ?? null;
  return (
    <main className="page admin-page" data-testid="users-page">
      <div className="page-toolbar">
        <h1>Users</h1>
      </div>
      <CreateUserForm onCreated={() => users.reload()} />
      {users.error && <p className="form-error" role="alert">{users.error}</p>}
      <table className="data-table" data-testid="users-table">
        <thead>
          <tr><th>User</th><th>Name</th><th>Roles</th><th>Promote to live</th><th>Status</th><th /></tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((user) => (
            <tr key={user.id} className={user.active ? undefined : 'inactive'} data-testid={`user-row-${user.username}`}>
              <td>{user.username}</td>
              <td>{user.display_name}</td>
              <td>{user.roles.join(', ')}</td>
              <td>{user.can_promote_live ? 'yes' : 'no'}</td>
              <td>{user.active ? 'active' : 'deactivated'}</td>
              <td>
                <button type="button" data-testid={`user-open-${user.username}`} aria-pressed={openId === user.id}
                  onClick={() => setOpenId(openId === user.id ? null : user.id)}>
                  {openId === user.id ? 'Close' : 'Manage'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && <UserEditor key={open.id} user={open} isMe={String(open.id) === String(me?.id)} onChanged={() => users.reload()} />}
      <MyPasswordForm />
    </main>
  );
}
