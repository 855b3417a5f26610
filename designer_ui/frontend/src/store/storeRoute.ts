/**
 * The store's place in the hash router, kept here so the shell needs one line for it:
 * `#/store`, `#/store/microapps/<publisher>/<name>`, `#/store/installed`, `#/store/submit`,
 * `#/store/reviews` and `#/store/reviews/<publisher>/<name>/<version>`.
 */

import { useSyncExternalStore } from 'react';

export type StoreRoute =
  | { view: 'browse' }
  | { view: 'microapp'; name: string }
  | { view: 'installed' }
  | { view: 'submit' }
  | { view: 'reviews' }
  | { view: 'review'; name: string; version: string };

const PREFIX = '#/store';

export function parseStoreRoute(hash: string): StoreRoute | null {
  if (hash !== PREFIX && !hash.startsWith(`${PREFIX}/`)) return null;
  const parts = hash.slice(PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  const [first, publisher, name, version] = parts;
  if (first === 'microapps' && publisher && name && parts.length === 3) return { view: 'microapp', name: `${publisher}/${name}` };
  if (first === 'installed' && parts.length === 1) return { view: 'installed' };
  if (first === 'submit' && parts.length === 1) return { view: 'submit' };
  if (first === 'reviews' && parts.length === 1) return { view: 'reviews' };
  if (first === 'reviews' && publisher && name && version && parts.length === 4) {
    return { view: 'review', name: `${publisher}/${name}`, version };
  }
  return { view: 'browse' };
}

function encodeName(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

export function storeHref(route: StoreRoute): string {
  switch (route.view) {
    case 'microapp':
      return `${PREFIX}/microapps/${encodeName(route.name)}`;
    case 'review':
      return `${PREFIX}/reviews/${encodeName(route.name)}/${encodeURIComponent(route.version)}`;
    case 'browse':
      return PREFIX;
    default:
      return `${PREFIX}/${route.view}`;
  }
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

/** The store page the hash names, or null when the hash is not a store page. */
export function useStoreRoute(): StoreRoute | null {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseStoreRoute(hash);
}
