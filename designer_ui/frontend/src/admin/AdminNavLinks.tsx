/** Top-bar links to the administration pages, each shown only to the roles its API allows:
 * Users, Audit log and Legal holds for admins, Entry points for developers and admins. */

import { hasRole, useSession } from '../auth/session';
import { useAdminRoute, type AdminPage } from './route';

const LINKS: { page: AdminPage; label: string; roles: string[] }[] = [
  { page: 'entry-points', label: 'Entry points', roles: ['developer'] },
  { page: 'users', label: 'Users', roles: [] },
  { page: 'audit', label: 'Audit log', roles: [] },
  { page: 'legal-holds', label: 'Legal holds', roles: [] },
];

export function AdminNavLinks() {
  const { user } = useSession();
  const current = useAdminRoute();
  return (
    <>
      {LINKS.filter((link) => hasRole(user, ...link.roles)).map((link) => (
        <a
          key={link.page}
          href={`#/admin/${link.page}`}
          data-testid={`nav-admin-${link.page}`}
          aria-current={current === link.page ? 'page' : undefined}
        >
          {link.label}
        </a>
      ))}
    </>
  );
}
