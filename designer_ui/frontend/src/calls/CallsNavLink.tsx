/** The top bar's link to the Calls page, for business users, developers and admins. */

import { hasRole, useSession } from '../auth/session';
import { useCallsRoute } from './route';

export function CallsNavLink() {
  const { user } = useSession();
  const current = useCallsRoute() !== null;
  if (!hasRole(user, 'business', 'developer')) return null;
  return (
    <a href="#/calls" data-testid="nav-calls" aria-current={current ? 'page' : undefined}>
      Calls
    </a>
  );
}
