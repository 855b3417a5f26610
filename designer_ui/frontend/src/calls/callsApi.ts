/** The Calls API (`/api/v1/calls`): voice call detail records. */

import { getJson } from '../api/client';

export interface CallSummary {
  id: string;
  sip_call_id: string;
  ani: string;
  dnis: string;
  worker: number;
  flow_id: string | null;
  flow_version: string | null;
  environment: string;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  answer_s: number | null;
  duration_s: number | null;
  disposition: string;
  ended_by: string;
  sip_status: number | null;
  blocks: number;
  keys: number;
  recording_count: number;
  transfer_count: number;
}

export interface CallPage {
  total: number;
  offset: number;
  limit: number;
  calls: CallSummary[];
}

export interface CallDetail extends CallSummary {
  path: string[];
  milestones: string[];
  dtmf: { block: string; digits: string }[];
  recordings: Record<string, unknown>[];
  transfers: Record<string, unknown>[];
  latencies: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

export interface CallFilters {
  flow: string;
  disposition: string;
  from: string;
  to: string;
}

export const PAGE_SIZE = 50;

/** Query string for the filters; `from`/`to` are local datetime-local values sent as UTC. */
export function callsQuery(filters: CallFilters, offset = 0): string {
  const params = new URLSearchParams();
  if (filters.flow.trim()) params.set('flow', filters.flow.trim());
  if (filters.disposition.trim()) params.set('disposition', filters.disposition.trim());
  for (const name of ['from', 'to'] as const) {
    const value = filters[name];
    if (value) {
      const when = new Date(value);
      if (!Number.isNaN(when.getTime())) params.set(name, when.toISOString());
    }
  }
  params.set('limit', String(PAGE_SIZE));
  params.set('offset', String(offset));
  return params.toString();
}

export const callsApi = {
  list: (query: string) => getJson<CallPage>(`/calls?${query}`),
  get: (id: string) => getJson<CallDetail>(`/calls/${encodeURIComponent(id)}`),
};

export function csvHref(query: string): string {
  return `/api/v1/calls?${query}&format=csv`;
}
