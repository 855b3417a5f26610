/** `/api/v1/callbacks`: list, read, reschedule and cancel callbacks (docs/callbacks.md). */

import { getJson, sendJson } from '../api/client';

/** Who may use the callbacks API (admins always may). */
export const CALLBACK_ROLES = ['business', 'agent', 'developer'];
export const STATES = ['scheduled', 'queued', 'dialing', 'connected', 'completed', 'failed', 'cancelled', 'expired'];
/** States a callback can still be moved or cancelled in. */
export const CHANGEABLE = new Set(['scheduled', 'queued']);
/** States still to come; the others are past. */
export const UPCOMING = new Set(['scheduled', 'queued', 'dialing', 'connected']);

export interface CallbackAttempt {
  id: number;
  number: string;
  dialer: string;
  started_at: string;
  ended_at: string | null;
  sip_code: number | null;
  result: string;
  reason: string;
}

export interface Callback {
  id: number;
  kind: string;
  state: string;
  queue: string;
  number: string;
  caller_id: string;
  environment: string;
  due_at: string;
  slot_start: string | null;
  data: Record<string, unknown>;
  origin: string;
  session_id: string | null;
  attempts_made: number;
  reason: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  attempts: CallbackAttempt[];
}

export interface FreeSlot {
  start: string;
  end: string;
  free: number;
}

export interface CallbackFilters {
  state: string;
  queue: string;
  /** `datetime-local` values (browser time). */
  from: string;
  to: string;
}

export const LIST_LIMIT = 200;

export function listQuery(filters: CallbackFilters): string {
  const params = new URLSearchParams({ limit: String(LIST_LIMIT) });
  if (filters.state) params.set('state', filters.state);
  if (filters.queue.trim()) params.set('queue', filters.queue.trim());
  if (filters.from) params.set('from', new Date(filters.from).toISOString());
  if (filters.to) params.set('to', new Date(filters.to).toISOString());
  return params.toString();
}

export const callbacksApi = {
  list: (query: string) => getJson<Callback[]>(`/callbacks?${query}`),
  get: (id: number) => getJson<Callback>(`/callbacks/${id}`),
  reschedule: (id: number, desiredTime: string) => sendJson<Callback>('PATCH', `/callbacks/${id}`, { desired_time: desiredTime }),
  cancel: (id: number) => sendJson<Callback>('DELETE', `/callbacks/${id}`),
};

/** A local time as shown in the list. */
export function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '–';
}
