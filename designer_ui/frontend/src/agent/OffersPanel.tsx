/** The agent's state (ready / not ready / offline) and the offers the distributor made them,
 * with accept and decline (docs/agents.md). Polls `/agents/me`. Accepting a chat opens it; accepting
 * a call makes the softphone ring with the call's screen pop. */

import { useCallback, useEffect, useState } from 'react';
import { errorMessage, getJson, sendJson } from '../api/client';

const POLL_MS = 2000;

interface Offer {
  id: number;
  queue: string | null;
  channel: string;
  session_id: string;
  priority: number;
  offer_expires_at: string | null;
}

interface Me {
  id: number;
  state: string;
  reason: string;
  offers: Offer[];
}

export function OffersPanel({ onAccepted }: { onAccepted: (sessionId: string) => void }) {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    getJson<Me>('/agents/me').then(setMe, (failure: unknown) => setError(errorMessage(failure)));
  }, []);
  useEffect(() => {
    refresh();
    const timer = window.setInterval(refresh, POLL_MS);
    return () => window.clearInterval(timer);
  }, [refresh]);
  if (!me) return null;
  const act = (call: Promise<unknown>, then?: () => void) => {
    setError(null);
    call.then(() => { then?.(); refresh(); }, (failure: unknown) => { setError(errorMessage(failure)); refresh(); });
  };
  const setState = (state: string, reason = '') => act(sendJson('PUT', `/agents/${me.id}/state`, { state, reason }));
  return (
    <section aria-label="My state and offers" data-testid="agent-offers">
      <h2>
        State: <span data-testid="agent-state">{me.state.replace('_', ' ')}</span>
        {me.reason ? ` (${me.reason})` : ''}
      </h2>
      <button type="button" data-testid="agent-ready" onClick={() => setState('ready')}>Ready</button>
      <button type="button" data-testid="agent-not-ready" onClick={() => setState('not_ready', 'break')}>Not ready</button>
      <button type="button" data-testid="agent-offline" onClick={() => setState('offline')}>Offline</button>
      <ul>
        {me.offers.map((offer) => (
          <li key={offer.id} data-testid="agent-offer">
            {offer.channel} · {offer.queue ?? ''} · priority {offer.priority}{' '}
            <button type="button" data-testid="offer-accept"
              onClick={() => act(sendJson('POST', `/agents/me/offers/${offer.id}/accept`), () => { if (offer.channel === 'chat') onAccepted(offer.session_id); })}>
              Accept
            </button>
            <button type="button" data-testid="offer-decline"
              onClick={() => act(sendJson('POST', `/agents/me/offers/${offer.id}/decline`))}>
              Decline
            </button>
          </li>
        ))}
      </ul>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
