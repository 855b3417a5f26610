/** Where an agent lands: a user whose only role is agent has nothing to do on the flow list,
 * so the start page for them is the agent desk. */

import { useEffect } from 'react';
import type { User } from '../api/types';

const DESK_HASH = '#/agent';

/** True for a user with the agent role and no other. */
export function isAgentOnly(user: User | null): boolean {
  return !!user && user.roles.length > 0 && user.roles.every((role) => role === 'agent');
}

/** True when `user` should see the desk on the start page (no address, or the flow list). */
export function landsOnDesk(user: User | null, hash: string): boolean {
  return isAgentOnly(user) && ['', '#', '#/', '#/flows'].includes(hash);
}

/** Puts the desk's address in the location bar once an agent has landed there. */
export function useDeskAddress(active: boolean): void {
  useEffect(() => {
    if (active && window.location.hash !== DESK_HASH) window.location.replace(DESK_HASH);
  }, [active]);
}
