/** What the shell uses from the administration pages. */

import { AuditLogPage } from './AuditLogPage';
import { EntryPointsPage } from './EntryPointsPage';
import { LegalHoldsPage } from './LegalHoldsPage';
import type { AdminPage } from './route';
import { UsersPage } from './UsersPage';

export { AdminNavLinks } from './AdminNavLinks';
export { useAdminRoute } from './route';

export function AdminPages({ page }: { page: AdminPage }) {
  if (page === 'users') return <UsersPage />;
  if (page === 'entry-points') return <EntryPointsPage />;
  if (page === 'legal-holds') return <LegalHoldsPage />;
  return <AuditLogPage />;
}
