/** `GET /api/v1/analytics/callbacks`: the Callbacks report per queue and day. */

import { getJson } from '../../api/client';

export interface CallbackReportRow {
  queue: string;
  day: string;
  offered: number;
  accepted: number;
  immediate: number;
  scheduled: number;
  in_queue: number;
  dialed: number;
  connected: number;
  completed: number;
  abandoned_after_connect: number;
  cancelled: number;
  expired: number;
  failed: number;
  failed_by_reason: Record<string, number>;
}

/** The report's query: only `from`, `to` and `queue` (it takes no other dashboard filter). */
export function reportQuery(range: { from: string; to: string }, queue: string): string {
  const params = new URLSearchParams(range);
  if (queue) params.set('queue', queue);
  return params.toString();
}

export const callbacksReportApi = {
  rows: (query: string) => getJson<CallbackReportRow[]>(`/analytics/callbacks?${query}`),
  csvLink: (query: string) => `/api/v1/analytics/callbacks?${query}&format=csv`,
};
