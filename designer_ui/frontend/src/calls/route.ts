/** `#/calls` (the list) and `#/calls/<call id>` (one call): the Calls page in the hash router. */

import { useSyncExternalStore } from 'react';

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

/** null when the hash is not a Calls page; otherwise the call it names ('' for the list). */
export function useCallsRoute(): string | null {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const match = /^#\/calls(?:\/([^/?]+))?$/.exec(hash);
  if (!match) return null;
  return match[1] ? decodeURIComponent(match[1]) : '';
}

export function callHref(id: string): string {
  return `#/calls/${encodeURIComponent(id)}`;
}
