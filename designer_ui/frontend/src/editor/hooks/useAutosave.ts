/**
 * Autosave: a debounced PUT of the draft with If-Match. A stale ETag (412) opens the conflict
 * dialog with the server's draft; nothing is dropped on either side. The last edit is not left
 * to the debounce when the page goes away: hiding the tab or leaving the page saves at once (a
 * keepalive request, so it finishes after the page is gone), and leaving with unsaved changes
 * asks first.
 */

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage, etagOf } from '../../api/client';
import { flowsApi } from '../../api/endpoints';
import type { FlowDocument, Problem } from '../../api/types';
import type { DocumentStore } from '../store/documentStore';

const DEBOUNCE_MS = 800;
const RETRY_MS = 5000;
/** Browsers refuse keepalive bodies over 64 KiB; larger drafts flush with a normal request. */
const KEEPALIVE_MAX_CHARS = 60_000;

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'error' | 'conflict' | 'blocked';

export interface Conflict {
  theirs: FlowDocument;
  etag: string | null;
  updatedBy: string | null;
}

export interface Autosave {
  status: SaveStatus;
  message: string | null;
  problems: Problem[] | null;
  conflict: Conflict | null;
  saveNow(leaving?: boolean): Promise<boolean>;
  keepMine(): void;
  takeTheirs(): void;
  /** After the draft was reloaded from the server. */
  rebase(etag: string | null): void;
  /** Edits made here that the server does not have yet. */
  hasUnsaved(): boolean;
  /** The ETag of the draft as last saved or loaded here (for If-Match on restore). */
  currentEtag(): string | null;
}

function conflictFrom(error: ApiError): Conflict | null {
  const details = error.details as { current?: Record<string, unknown>; revision?: number | string };
  const current = details.current;
  if (!current) return null;
  if ('document' in current && current.document) {
    return {
      theirs: current.document as FlowDocument,
      etag: etagOf((current.revision as number | string | undefined) ?? details.revision),
      updatedBy: (current.updated_by as string | undefined) ?? null,
    };
  }
  return { theirs: current as unknown as FlowDocument, etag: etagOf(details.revision), updatedBy: null };
}

export function useAutosave(store: DocumentStore, flowId: string, initialEtag: string | null, enabled: boolean): Autosave {
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [message, setMessage] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const etag = useRef(initialEtag);
  const savedCount = useRef(store.editCount);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const blocked = useRef(false);
  const enabledRef = useRef(enabled);
  enabledRef.current = enabled;

  const save = useCallback(async (leaving = false): Promise<boolean> => {
    window.clearTimeout(timer.current);
    if (inFlight.current) await inFlight.current;
    if (blocked.current || !enabledRef.current) return false;
    if (store.editCount === savedCount.current) return true;
    const count = store.editCount;
    setStatus('saving');
    const attempt = (async () => {
      try {
        const keepalive = leaving && JSON.stringify(store.current).length < KEEPALIVE_MAX_CHARS;
        const result = await flowsApi.save(flowId, store.current, etag.current, keepalive);
        etag.current = result.etag;
        savedCount.current = count;
        setProblems(result.problems ?? []);
        setMessage(null);
        const more = store.editCount !== count;
        setStatus(more ? 'pending' : 'saved');
        if (more) timer.current = window.setTimeout(() => void save(), DEBOUNCE_MS);
        return true;
      } catch (caught) {
        if (caught instanceof ApiError && caught.status === 412) {
          blocked.current = true;
          setConflict(conflictFrom(caught));
          setStatus('conflict');
        } else if (caught instanceof ApiError && caught.status === 423) {
          blocked.current = true;
          setStatus('blocked');
          setMessage(caught.message);
        } else if (caught instanceof ApiError && caught.status === 422) {
          const found = (caught.details as { problems?: Problem[] }).problems;
          if (found) setProblems(found);
          setStatus('error');
          setMessage(caught.message);
        } else {
          setStatus('error');
          setMessage(errorMessage(caught));
          timer.current = window.setTimeout(() => void save(), RETRY_MS);
        }
        return false;
      }
    })();
    inFlight.current = attempt;
    try {
      return await attempt;
    } finally {
      inFlight.current = null;
    }
  }, [flowId, store]);

  useEffect(() => {
    return store.subscribe(() => {
      if (store.editCount === savedCount.current || blocked.current) return;
      setStatus((current) => (current === 'saving' ? current : 'pending'));
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void save(), DEBOUNCE_MS);
    });
  }, [save, store]);

  const saveRef = useRef(save);
  saveRef.current = save;
  // Leaving the editor inside the app (another page) saves the pending edit instead of dropping
  // its debounce timer.
  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      if (store.editCount !== savedCount.current && !blocked.current) void saveRef.current(true);
    },
    [store],
  );

  useEffect(() => {
    const flushWhenHidden = () => {
      if (document.visibilityState === 'hidden') void save(true);
    };
    const flushOnLeave = () => void save(true);
    document.addEventListener('visibilitychange', flushWhenHidden);
    window.addEventListener('pagehide', flushOnLeave);
    return () => {
      document.removeEventListener('visibilitychange', flushWhenHidden);
      window.removeEventListener('pagehide', flushOnLeave);
    };
  }, [save]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (store.editCount === savedCount.current) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [store]);

  const keepMine = useCallback(() => {
    if (!conflict) return;
    etag.current = conflict.etag;
    blocked.current = false;
    setConflict(null);
    savedCount.current = -1;
    void save();
  }, [conflict, save]);

  const takeTheirs = useCallback(() => {
    if (!conflict) return;
    store.replace(conflict.theirs);
    savedCount.current = store.editCount;
    etag.current = conflict.etag;
    blocked.current = false;
    setConflict(null);
    setStatus('saved');
  }, [conflict, store]);

  const rebase = useCallback(
    (newEtag: string | null) => {
      etag.current = newEtag;
      savedCount.current = store.editCount;
      blocked.current = false;
      setConflict(null);
      setStatus('saved');
      setMessage(null);
    },
    [store],
  );

  const hasUnsaved = useCallback(() => store.editCount !== savedCount.current, [store]);
  const currentEtag = useCallback(() => etag.current, []);

  return { status, message, problems, conflict, saveNow: save, keepMine, takeTheirs, rebase, hasUnsaved, currentEtag };
}
