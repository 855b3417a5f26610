/** The top bar's "Store" entry. */

import { useStoreRoute } from './storeRoute';

export function StoreNavLink() {
  const active = useStoreRoute() !== null;
  return (
    <a href="#/store" data-testid="nav-store" aria-current={active ? 'page' : undefined}>
      Store
    </a>
  );
}
