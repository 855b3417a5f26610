/** The top bar's link to the dashboard, for business users, developers and admins. */

import { hasRole, useSession } from '../auth/session';
import { useAnalyticsRoute } from './route';

export function AnalyticsNavLink() {
  const { user } = useSession();
  const current = useAnalyticsRoute() !== null;
  if (!hasRole(user, 'business', 'developer')) return null;
  return (
    <a href="#/analytics" data-testid="nav-analytics" aria-current={current ? 'page' : undefined}>
      Analytics
    </a>
  );
}
