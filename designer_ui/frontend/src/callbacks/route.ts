/** `#/callbacks` (the list) and `#/callbacks/<id>` (one callback) in the hash router. */

import { useSyncExternalStore } from 'react';

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

/** null when the hash is not the Callbacks page; otherwise the callback it names ('' for the list). */
export function useCallbacksRoute(): string | null {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const match = /^#\/callbacks(?:\/(\d+))?$/.exec(hash);
  if (!match) return null;
  return match[1] ?? '';
}

export function callbackHref(id: number): string {
  return `#/callbacks/${id}`;
}
