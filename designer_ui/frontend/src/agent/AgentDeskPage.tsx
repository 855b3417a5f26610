/** The agent desk (`#/agent`, role agent): waiting conversations, the agent's own, and the one open. */

import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { errorMessage } from '../api/client';
import { hasRole, useSession } from '../auth/session';
import { ConversationView } from './ConversationView';
import { deskApi, type DeskSession } from './deskApi';
import { OffersPanel } from './OffersPanel';
import { QueueList } from './QueueList';
import { SoftphonePanel } from './softphone/SoftphonePanel';
import './agentDesk.css';

const DESK_HASH = '#/agent';
const REFRESH_MS = 2000;

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

/** True while the address is the agent desk's. */
export function useAgentDeskRoute(): boolean {
  return useSyncExternalStore(subscribe, () => window.location.hash === DESK_HASH);
}

export function AgentDeskLink() {
  const { user } = useSession();
  const active = useAgentDeskRoute();
  if (!hasRole(user, 'agent')) return null;
  return (
    <a href={DESK_HASH} data-testid="nav-agent-desk" aria-current={active ? 'page' : undefined}>
      Agent desk
    </a>
  );
}

function useDeskLists() {
  const [waiting, setWaiting] = useState<DeskSession[]>([]);
  const [mine, setMine] = useState<DeskSession[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const refresh = useCallback(async () => {
    try {
      const [queue, own] = await Promise.all([deskApi.queue(), deskApi.mine()]);
      setWaiting(queue);
      setMine(own);
      setError(null);
    } catch (reason) {
      setError(errorMessage(reason));
    }
    setNow(Date.now());
  }, []);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  return { waiting, mine, error, now, refresh };
}

export function AgentDeskPage() {
  const { user } = useSession();
  const lists = useDeskLists();
  const [openId, setOpenId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!hasRole(user, 'agent')) {
    return <p className="error">The agent desk needs the agent role.</p>;
  }

  async function accept(id: string) {
    setBusy(true);
    setError(null);
    try {
      await deskApi.accept(id);
      setOpenId(id);
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setBusy(false);
      void lists.refresh();
    }
  }

  return (
    <main className="agent-desk" data-testid="agent-desk">
      <div className="desk-side">
        <SoftphonePanel />
        <OffersPanel onAccepted={(id) => { setOpenId(id); void lists.refresh(); }} />
        <QueueList sessions={lists.waiting} now={lists.now} busy={busy} onAccept={(id) => void accept(id)} />
        <section aria-label="My conversations">
          <h2>My conversations ({lists.mine.length})</h2>
          <ul>
            {lists.mine.map((session) => (
              <li key={session.id}>
                <button
                  type="button"
                  className={session.id === openId ? 'desk-open selected' : 'desk-open'}
                  onClick={() => setOpenId(session.id)}
                  data-testid="desk-mine"
                >
                  {session.visitor_id || 'Visitor'} · {session.queue ?? ''}
                </button>
              </li>
            ))}
          </ul>
        </section>
        {(error ?? lists.error) && (
          <p className="error" role="alert">
            {error ?? lists.error}
          </p>
        )}
      </div>
      <div className="desk-main">
        {openId ? (
          <ConversationView key={openId} sessionId={openId} onClosed={() => void lists.refresh()} />
        ) : (
          <p className="desk-muted">Accept a waiting conversation, or open one of yours.</p>
        )}
      </div>
    </main>
  );
}
