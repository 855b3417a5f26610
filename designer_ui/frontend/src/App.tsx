/** The application shell: log-in gate, top bar and the page the hash route names. */

import { AdminNavLinks, AdminPages, useAdminRoute } from './admin';
import { AgentDeskLink, AgentDeskPage, useAgentDeskRoute } from './agent/AgentDeskPage';
import { landsOnDesk, useDeskAddress } from './agent/landing';
import { AnalyticsNavLink, AnalyticsPage, useAnalyticsRoute } from './analytics';
import { LoginPage } from './auth/LoginPage';
import { SessionProvider, useSession, userName } from './auth/session';
import { BotRegistryPage } from './bots/BotRegistryPage';
import { BusinessControlsPage } from './business/BusinessControlsPage';
import { CallbacksNavLink, CallbacksPage, useCallbacksRoute } from './callbacks';
import { CallsNavLink, CallsPage, useCallsRoute } from './calls';
import { navigate, useRoute } from './common/router';
import { QueuesNavLink, QueuesPage, useQueuesRoute } from './queues';
import { EditorPage } from './editor/EditorPage';
import { FlowListPage } from './flows/FlowListPage';
import { StoreNavLink } from './store/StoreNavLink';
import { StorePage } from './store/StorePage';
import { useStoreRoute } from './store/storeRoute';

function TopBar() {
  const { user, logout } = useSession();
  const route = useRoute();
  const onStore = useStoreRoute() !== null;
  const onDesk = useAgentDeskRoute();
  const onAdmin = useAdminRoute() !== null;
  const onCalls = useCallsRoute() !== null;
  const onCallbacks = useCallbacksRoute() !== null;
  const onAnalytics = useAnalyticsRoute() !== null;
  const onQueues = useQueuesRoute();
  const onOtherArea = onCalls || onCallbacks || onAnalytics || onQueues;
  const onFlows = (route.page === 'flows' || route.page === 'editor') && !onStore && !onDesk && !onAdmin && !onOtherArea;
  return (
    <header className="top-bar">
      <span className="brand">Flow Designer</span>
      <nav aria-label="Main">
        <a href="#/flows" data-testid="nav-flows" aria-current={onFlows ? 'page' : undefined}>
          Flows
        </a>
        <a href="#/business" data-testid="nav-business" aria-current={route.page === 'business' ? 'page' : undefined}>
          Business controls
        </a>
        <a href="#/bots" data-testid="nav-bots" aria-current={route.page === 'bots' ? 'page' : undefined}>
          Bots
        </a>
        <StoreNavLink />
        <AgentDeskLink />
        <AnalyticsNavLink />
        <CallsNavLink />
        <CallbacksNavLink />
        <QueuesNavLink />
        <AdminNavLinks />
      </nav>
      <span className="spacer" />
      <span className="user-name" data-testid="current-user">
        {userName(user)}
      </span>
      <button
        type="button"
        data-testid="logout"
        onClick={() => {
          void logout().then(() => navigate({ page: 'flows' }));
        }}
      >
        Log out
      </button>
    </header>
  );
}

function Pages() {
  const { user, checking } = useSession();
  const route = useRoute();
  const agentDesk = useAgentDeskRoute();
  const analytics = useAnalyticsRoute();
  const store = useStoreRoute();
  const calls = useCallsRoute();
  const callbacks = useCallbacksRoute();
  const admin = useAdminRoute();
  const queues = useQueuesRoute();
  const deskLanding = !agentDesk && landsOnDesk(user, window.location.hash);
  useDeskAddress(deskLanding);
  if (checking) return <p className="loading">Loading…</p>;
  if (!user) return <LoginPage />;
  if (agentDesk || deskLanding) return <div className="app-shell"><TopBar /><AgentDeskPage /></div>;
  if (store) return <div className="app-shell"><TopBar /><StorePage route={store} /></div>;
  if (admin) return <div className="app-shell"><TopBar /><AdminPages page={admin} /></div>;
  if (queues) return <div className="app-shell"><TopBar /><QueuesPage /></div>;
  if (calls !== null) return <div className="app-shell"><TopBar /><CallsPage key={calls} callId={calls} /></div>;
  if (callbacks !== null) return <div className="app-shell"><TopBar /><CallbacksPage key={callbacks} callbackId={callbacks} /></div>;
  if (analytics !== null) return <div className="app-shell"><TopBar /><AnalyticsPage key={analytics} flowId={analytics} /></div>;
  return (
    <div className="app-shell">
      <TopBar />
      {route.page === 'flows' && <FlowListPage />}
      {route.page === 'editor' && <EditorPage key={route.flowId} flowId={route.flowId} />}
      {route.page === 'business' && <BusinessControlsPage />}
      {route.page === 'bots' && <BotRegistryPage />}
    </div>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Pages />
    </SessionProvider>
  );
}
