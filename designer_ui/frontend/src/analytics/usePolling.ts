/** Load now, then again every few seconds while the page is visible: the dashboard's ≤ 5 s lag. */

import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';

export const REFRESH_MS = 4000;

export interface Polled<T> {
  data: T | null;
  error: string | null;
  updatedAt: number | null;
}

export function usePolling<T>(load: () => Promise<T>, key: string, intervalMs: number = REFRESH_MS, enabled = true): Polled<T> {
  const [state, setState] = useState<Polled<T>>({ data: null, error: null, updatedAt: null });
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    let timer: number | undefined;
    const tick = () => {
      if (document.visibilityState === 'hidden') {
        timer = window.setTimeout(tick, intervalMs);
        return;
      }
      loader
        .current()
        .then((data) => live && setState({ data, error: null, updatedAt: Date.now() }))
        .catch((caught: unknown) => live && setState((old) => ({ ...old, error: errorMessage(caught) })))
        .finally(() => {
          if (live) timer = window.setTimeout(tick, intervalMs);
        });
    };
    tick();
    return () => {
      live = false;
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [key, intervalMs, enabled]);

  return state;
}
