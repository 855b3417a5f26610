/** `#/admin/users`, `#/admin/entry-points`, `#/admin/audit` and `#/admin/legal-holds`: the
 * administration pages. */

import { useSyncExternalStore } from 'react';

export type AdminPage = 'users' | 'entry-points' | 'audit' | 'legal-holds';

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

/** The administration page the hash names, or null. */
export function useAdminRoute(): AdminPage | null {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const match = /^#\/admin\/(users|entry-points|audit|legal-holds)$/.exec(hash);
  return match ? (match[1] as AdminPage) : null;
}
