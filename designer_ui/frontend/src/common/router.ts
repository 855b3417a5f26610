/** A hash router: `#/flows`, `#/flows/<id>`, `#/business`, `#/bots`. Keeps reloads on the Flask side trivial. */

import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'flows' }
  | { page: 'editor'; flowId: string }
  | { page: 'business' }
  | { page: 'bots' };

function parse(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const editor = /^\/flows\/([^/]+)$/.exec(path);
  if (editor?.[1]) return { page: 'editor', flowId: decodeURIComponent(editor[1]) };
  if (path === '/business') return { page: 'business' };
  if (path === '/bots') return { page: 'bots' };
  return { page: 'flows' };
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parse(hash);
}

export function navigate(route: Route): void {
  if (route.page === 'editor') window.location.hash = `#/flows/${encodeURIComponent(route.flowId)}`;
  else if (route.page === 'business') window.location.hash = '#/business';
  else if (route.page === 'bots') window.location.hash = '#/bots';
  else window.location.hash = '#/flows';
}
