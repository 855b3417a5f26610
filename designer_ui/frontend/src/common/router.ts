/** A hash router: `#/flows`, `#/flows/<id>`, `#/business`. Keeps reloads on the Flask side trivial. */

import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'flows' }
  | { page: 'editor'; flowId: string }
  | { page: 'business' };

function parse(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const editor = /^\/flows\/([^/]+)$/.exec(path);
  if (editor?.[1]) return { page: 'editor', flowId: decodeURIComponent(editor[1]) };
  if (path === '/business') return { page: 'business' };
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
  else window.location.hash = '#/flows';
}
