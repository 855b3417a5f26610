/** The top bar's link to the Queues page, for business users, developers and admins. */

import { hasRole, useSession } from '../auth/session';
import { useQueuesRoute } from './route';

export function QueuesNavLink() {
  const { user } = useSession();
  const current = useQueuesRoute();
  if (!hasRole(user, 'business', 'developer')) return null;
  return (
    <a href="#/queues" data-testid="nav-queues" aria-current={current ? 'page' : undefined}>
      Queues
    </a>
  );
}
