/** The flow list's tools on the server: copy, templates, search inside flows, where-used. */

import { getJson, sendJson } from '../api/client';
import type { FlowDraft } from '../api/types';

const enc = encodeURIComponent;

export interface FlowTemplate {
  id: string;
  source: 'example' | 'microapp';
  name: string;
  description: string;
  kind: string;
  channels: string[];
}

export interface SearchHit {
  flow_id: string;
  flow_name: string;
  block_id: string | null;
  path: string;
  excerpt: string;
}

export const USE_KINDS = [
  ['module', 'Module'],
  ['bot', 'Bot'],
  ['data_table', 'Data table'],
  ['announcement', 'Announcement'],
  ['business_hours', 'Business hours'],
  ['emergency', 'Emergency flag'],
  ['special_days', 'Special days'],
] as const;

export type UseKind = (typeof USE_KINDS)[number][0];

export interface Use {
  flow_id: string;
  flow_name: string;
  source: string;
  version: number | null;
  block_id: string;
  block_label: string | null;
  path: string;
}

export const libraryApi = {
  copy: (id: string, newId: string, name: string) =>
    sendJson<FlowDraft>('POST', `/flows/${enc(id)}/copy`, { new_id: newId, name: name || undefined }),
  templates: () => getJson<FlowTemplate[]>('/templates'),
  fromTemplate: (template: string, id: string, name: string) =>
    sendJson<FlowDraft>('POST', '/flows/from-template', { template, id, name: name || undefined }),
  search: (query: string) => getJson<{ hits: SearchHit[]; truncated: boolean }>(`/flow-search?q=${enc(query)}`),
  whereUsed: (kind: UseKind, name: string) =>
    getJson<{ uses: Use[]; truncated: boolean }>(`/where-used?kind=${kind}&name=${enc(name)}`),
};
