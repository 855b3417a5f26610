/** Business Controls endpoints: hours, special days, emergency flags, data tables, prompts. */

import { getJson, request, sendJson } from './client';

const enc = encodeURIComponent;

export type BusinessKind = 'hours' | 'special-days' | 'emergency' | 'tables' | 'announcements';

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

/** The environments Business Controls hold a value for; the server's default is live. */
export const BUSINESS_ENVIRONMENTS = ['dev', 'test', 'live'] as const;
export type BusinessEnvironment = (typeof BUSINESS_ENVIRONMENTS)[number];

/** A path with `?environment=` (or `&environment=`) added; live, the server's default, keeps the
 * path as it was before environments existed. */
export function inEnvironment(path: string, environment: BusinessEnvironment): string {
  if (environment === 'live') return path;
  return `${path}${path.includes('?') ? '&' : '?'}environment=${environment}`;
}

/** Business Controls of one environment. */
export function businessApiIn(environment: BusinessEnvironment) {
  const at = (path: string) => inEnvironment(path, environment);
  return {
    names: (kind: BusinessKind) => listNames(at(`/business/${kind}`)),
    list: (kind: BusinessKind) => getJson<NamedItem[]>(at(`/business/${kind}`)),
    get: (kind: BusinessKind, name: string) => getJson<Record<string, unknown>>(at(`/business/${kind}/${enc(name)}`)),
    put: (kind: BusinessKind, name: string, body: Record<string, unknown>) =>
      sendJson<Record<string, unknown>>('PUT', at(`/business/${kind}/${enc(name)}`), body),
    remove: (kind: BusinessKind, name: string) => sendJson<unknown>('DELETE', at(`/business/${kind}/${enc(name)}`)),
    setEmergency: (name: string, on: boolean) =>
      sendJson<{ on: boolean }>('PUT', at(`/business/emergency/${enc(name)}`), { on }),
    async tableCsv(name: string): Promise<string> {
      const response = await request<string>(at(`/business/tables/${enc(name)}/csv`), { accept: 'text/csv' });
      return typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    },
    importTableCsv: (name: string, csv: string) =>
      request<unknown>(at(`/business/tables/${enc(name)}/csv`), {
        method: 'PUT',
        rawBody: csv,
        contentType: 'text/csv',
      }),
  };
}

/** Business Controls of live (what every request meant before environments). */
export const businessApi = businessApiIn('live');

export const promptsApi = {
  names: () => listNames('/prompts'),
  get: (name: string) => getJson<Record<string, unknown>>(`/prompts/${enc(name)}`),
  put: (name: string, body: Record<string, unknown>) =>
    sendJson<Record<string, unknown>>('PUT', `/prompts/${enc(name)}`, body),
};
