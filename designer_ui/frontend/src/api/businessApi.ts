/** Business Controls endpoints: hours, special days, emergency flags, data tables, prompts. */

import { getJson, request, sendJson } from './client';

const enc = encodeURIComponent;

export type BusinessKind = 'hours' | 'special-days' | 'emergency' | 'tables';

export interface NamedItem {
  name: string;
  [key: string]: unknown;
}

/** Names of the resources of one kind; an empty list when the server has no list endpoint. */
export async function listNames(path: string): Promise<string[]> {
  try {
    const body = await getJson<unknown>(path);
    if (Array.isArray(body)) {
      return body.map((item) => (typeof item === 'string' ? item : String((item as NamedItem).name)));
    }
    if (body && typeof body === 'object') {
      const record = body as Record<string, unknown>;
      if (Array.isArray(record.names)) return record.names.map(String);
      if (Array.isArray(record.items)) return record.items.map((item) => String((item as NamedItem).name));
      return Object.keys(record);
    }
  } catch {
    /* no list endpoint: "open by name" still works */
  }
  return [];
}

export const businessApi = {
  names: (kind: BusinessKind) => listNames(`/business/${kind}`),
  list: (kind: BusinessKind) => getJson<NamedItem[]>(`/business/${kind}`),
  get: (kind: BusinessKind, name: string) => getJson<Record<string, unknown>>(`/business/${kind}/${enc(name)}`),
  put: (kind: BusinessKind, name: string, body: Record<string, unknown>) =>
    sendJson<Record<string, unknown>>('PUT', `/business/${kind}/${enc(name)}`, body),
  remove: (kind: BusinessKind, name: string) => sendJson<unknown>('DELETE', `/business/${kind}/${enc(name)}`),
  setEmergency: (name: string, on: boolean) =>
    sendJson<{ on: boolean }>('PUT', `/business/emergency/${enc(name)}`, { on }),
  async tableCsv(name: string): Promise<string> {
    const response = await request<string>(`/business/tables/${enc(name)}/csv`, { accept: 'text/csv' });
    return typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  },
  importTableCsv: (name: string, csv: string) =>
    request<unknown>(`/business/tables/${enc(name)}/csv`, {
      method: 'PUT',
      rawBody: csv,
      contentType: 'text/csv',
    }),
};

export const promptsApi = {
  names: () => listNames('/prompts'),
  get: (name: string) => getJson<Record<string, unknown>>(`/prompts/${enc(name)}`),
  put: (name: string, body: Record<string, unknown>) =>
    sendJson<Record<string, unknown>>('PUT', `/prompts/${enc(name)}`, body),
};
