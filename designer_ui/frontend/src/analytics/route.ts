/** `#/analytics` (optionally `#/analytics/<flow id>`): the dashboard's place in the hash router. */

import { useSyncExternalStore } from 'react';

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

/** null when the hash is not an analytics page; otherwise the flow it names ('' for none). */
export function useAnalyticsRoute(): string | null {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const match = /^#\/analytics(?:\/([^/?]+))?$/.exec(hash);
  if (!match) return null;
  return match[1] ? decodeURIComponent(match[1]) : '';
}
