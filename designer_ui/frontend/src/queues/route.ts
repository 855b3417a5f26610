/** `#/queues`: the Queues page in the hash router. */

import { useSyncExternalStore } from 'react';

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

export function useQueuesRoute(): boolean {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return /^#\/queues\/?$/.test(hash);
}
