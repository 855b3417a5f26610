/** The application shell: log-in gate, top bar and the page the hash route names. */

import { LoginPage } from './auth/LoginPage';
import { SessionProvider, useSession, userName } from './auth/session';
import { BusinessControlsPage } from './business/BusinessControlsPage';
import { navigate, useRoute } from './common/router';
import { EditorPage } from './editor/EditorPage';
import { FlowListPage } from './flows/FlowListPage';

function TopBar() {
  const { user, logout } = useSession();
  const route = useRoute();
  return (
    <header className="top-bar">
      <span className="brand">Flow Designer</span>
      <nav aria-label="Main">
        <a href="#/flows" data-testid="nav-flows" aria-current={route.page === 'flows' ? 'page' : undefined}>
          Flows
        </a>
        <a href="#/business" data-testid="nav-business" aria-current={route.page === 'business' ? 'page' : undefined}>
          Business controls
        </a>
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
  if (checking) return <p className="loading">Loading…</p>;
  if (!user) return <LoginPage />;
  return (
    <div className="app-shell">
      <TopBar />
      {route.page === 'flows' && <FlowListPage />}
      {route.page === 'editor' && <EditorPage key={route.flowId} flowId={route.flowId} />}
      {route.page === 'business' && <BusinessControlsPage />}
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
