/** The MicroApps store: its tabs (browse, installed, submit, review queue) and the page the route names. */

import { hasRole, useSession } from '../auth/session';
import { StoreBrowsePage } from './browse/StoreBrowsePage';
import { MicroAppPage } from './detail/MicroAppPage';
import { InstalledPage } from './installed/InstalledPage';
import { ReviewPage } from './review/ReviewPage';
import { ReviewQueuePage } from './review/ReviewQueuePage';
import { storeHref, type StoreRoute } from './storeRoute';
import { SubmitPage } from './submit/SubmitPage';
import './store.css';

interface Tab {
  route: StoreRoute;
  label: string;
  testId: string;
  shown: boolean;
  active: boolean;
}

function StoreTabs({ route }: { route: StoreRoute }) {
  const { user } = useSession();
  const tabs: Tab[] = [
    { route: { view: 'browse' }, label: 'Browse', testId: 'store-tab-browse', shown: true, active: route.view === 'browse' || route.view === 'microapp' },
    { route: { view: 'installed' }, label: 'Installed here', testId: 'store-tab-installed', shown: true, active: route.view === 'installed' },
    { route: { view: 'submit' }, label: 'Submit', testId: 'store-tab-submit', shown: hasRole(user, 'developer'), active: route.view === 'submit' },
    {
      route: { view: 'reviews' },
      label: 'Review queue',
      testId: 'store-tab-reviews',
      shown: hasRole(user, 'reviewer'),
      active: route.view === 'reviews' || route.view === 'review',
    },
  ];
  return (
    <nav className="store-tabs" aria-label="Store">
      <strong className="store-title">MicroApps store</strong>
      {tabs
        .filter((tab) => tab.shown)
        .map((tab) => (
          <a key={tab.testId} href={storeHref(tab.route)} data-testid={tab.testId} aria-current={tab.active ? 'page' : undefined}>
            {tab.label}
          </a>
        ))}
    </nav>
  );
}

function StoreView({ route }: { route: StoreRoute }) {
  switch (route.view) {
    case 'browse':
      return <StoreBrowsePage />;
    case 'microapp':
      return <MicroAppPage key={route.name} name={route.name} />;
    case 'installed':
      return <InstalledPage />;
    case 'submit':
      return <SubmitPage />;
    case 'reviews':
      return <ReviewQueuePage />;
    case 'review':
      return <ReviewPage key={`${route.name}@${route.version}`} name={route.name} version={route.version} />;
  }
}

export function StorePage({ route }: { route: StoreRoute }) {
  return (
    <main className="page store-page" data-testid="store-page">
      <StoreTabs route={route} />
      <StoreView route={route} />
    </main>
  );
}
