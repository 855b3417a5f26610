/** The top bar's link to the Callbacks page, for the roles the callbacks API allows. */

import { hasRole, useSession } from '../auth/session';
import { CALLBACK_ROLES } from './callbacksApi';
import { useCallbacksRoute } from './route';

export function CallbacksNavLink() {
  const { user } = useSession();
  const current = useCallbacksRoute() !== null;
  if (!hasRole(user, ...CALLBACK_ROLES)) return null;
  return (
    <a href="#/callbacks" data-testid="nav-callbacks" aria-current={current ? 'page' : undefined}>
      Callbacks
    </a>
  );
}
