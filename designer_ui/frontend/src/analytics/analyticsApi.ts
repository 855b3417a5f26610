/** Calls to `/api/v1/analytics/…`. */

import { getJson } from '../api/client';
import type { BlockOverlay, Facets, Funnel, Milestones, Paths, Series, Summary } from './types';

export const analyticsApi = {
  summary: (query: string) => getJson<Summary>(`/analytics/summary?${query}`),
  series: (query: string) => getJson<Series>(`/analytics/series?${query}`),
  facets: (origin: string) => getJson<Facets>(`/analytics/facets?origin=${encodeURIComponent(origin)}`),
  blocks: (flowId: string, query: string) =>
    getJson<BlockOverlay>(`/analytics/flows/${encodeURIComponent(flowId)}/blocks?${query}`),
  paths: (flowId: string, query: string) => getJson<Paths>(`/analytics/flows/${encodeURIComponent(flowId)}/paths?${query}`),
  funnel: (flowId: string, query: string) => getJson<Funnel>(`/analytics/flows/${encodeURIComponent(flowId)}/funnel?${query}`),
  milestones: (flowId: string, query: string) =>
    getJson<Milestones>(`/analytics/flows/${encodeURIComponent(flowId)}/milestones?${query}`),
};

/** A link that downloads the same figures as CSV. */
export function csvLink(path: string, query: string): string {
  return `/api/v1/analytics/${path}?${query}&format=csv`;
}
