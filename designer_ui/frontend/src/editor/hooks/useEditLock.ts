/** The edit lock: taken on open, renewed while editing, released on close; who holds it otherwise. */

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { flowsApi } from '../../api/endpoints';
import type { FlowLock } from '../../api/types';
import { lockHolderName } from '../../flows/FlowTable';

const RENEW_MS = 60_000;
const RETRY_MS = 15_000;

export type LockStatus = 'acquiring' | 'held' | 'other' | 'none';

export interface EditLock {
  status: LockStatus;
  holder: string | null;
  retry(): void;
}

function holderFrom(error: ApiError): string | null {
  const details = error.details as { holder?: FlowLock['holder']; lock?: FlowLock };
  return lockHolderName(details.lock ?? (details.holder ? { holder: details.holder } : null));
}

/** `onAcquired` runs when the lock is taken after someone else held it (their edits must be loaded). */
export function useEditLock(flowId: string, canEdit: boolean, onAcquired: () => void): EditLock {
  const [status, setStatus] = useState<LockStatus>(canEdit ? 'acquiring' : 'none');
  const [holder, setHolder] = useState<string | null>(null);
  const statusRef = useRef(status);
  statusRef.current = status;
  const onAcquiredRef = useRef(onAcquired);
  onAcquiredRef.current = onAcquired;

  const acquire = useCallback(async () => {
    const before = statusRef.current;
    try {
      await flowsApi.lock(flowId);
      setStatus('held');
      setHolder(null);
      if (before === 'other') onAcquiredRef.current();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 423) {
        setStatus('other');
        setHolder(holderFrom(caught) ?? 'another user');
      } else if (caught instanceof ApiError && (caught.status === 403 || caught.status === 401)) {
        setStatus('none');
      } else {
        setStatus('other');
        setHolder(null);
      }
    }
  }, [flowId]);

  useEffect(() => {
    if (!canEdit) return;
    void acquire();
    const release = () => {
      if (statusRef.current === 'held') void flowsApi.unlock(flowId).catch(() => undefined);
    };
    window.addEventListener('pagehide', release);
    return () => {
      window.removeEventListener('pagehide', release);
      release();
    };
  }, [acquire, canEdit, flowId]);

  useEffect(() => {
    if (status !== 'held' && status !== 'other') return;
    const timer = window.setInterval(() => void acquire(), status === 'other' ? RETRY_MS : RENEW_MS);
    return () => window.clearInterval(timer);
  }, [acquire, status]);

  return { status, holder, retry: () => void acquire() };
}
