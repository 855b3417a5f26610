/** One conversation on the desk, kept live: its detail, then every new message from the stream. */

import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { deskApi, mergeMessages, type DeskDetail, type DeskMessage, type DeskSession } from './deskApi';

export interface Conversation {
  session: DeskSession | null;
  messages: DeskMessage[];
  error: string | null;
  live: boolean;
  ended: boolean;
  apply(detail: DeskDetail): void;
}

export function useConversation(sessionId: string | null): Conversation {
  const [session, setSession] = useState<DeskSession | null>(null);
  const [messages, setMessages] = useState<DeskMessage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const [ended, setEnded] = useState(false);
  const lastSeq = useRef(0);

  const take = useCallback((incoming: DeskMessage[]) => {
    setMessages((known) => {
      const merged = mergeMessages(known, incoming);
      lastSeq.current = merged.length ? (merged[merged.length - 1]?.seq ?? 0) : 0;
      return merged;
    });
  }, []);

  const apply = useCallback(
    (detail: DeskDetail) => {
      setSession(detail.session);
      take(detail.messages);
      if (detail.session.status === 'ended') setEnded(true);
    },
    [take],
  );

  useEffect(() => {
    setSession(null);
    setMessages([]);
    setError(null);
    setEnded(false);
    lastSeq.current = 0;
    if (!sessionId) return undefined;
    let source: EventSource | null = null;
    let cancelled = false;
    deskApi
      .detail(sessionId)
      .then((detail) => {
        if (cancelled) return;
        apply(detail);
        source = new EventSource(deskApi.eventsUrl(sessionId, lastSeq.current));
        source.onopen = () => setLive(true);
        source.onerror = () => setLive(false);
        source.addEventListener('message', (event) => {
          take([JSON.parse((event as MessageEvent<string>).data) as DeskMessage]);
        });
        source.addEventListener('end', () => {
          setEnded(true);
          source?.close();
          setLive(false);
        });
      })
      .catch((reason: unknown) => {
        if (!cancelled) setError(errorMessage(reason));
      });
    return () => {
      cancelled = true;
      source?.close();
    };
  }, [sessionId, apply, take]);

  return { session, messages, error, live, ended, apply };
}
