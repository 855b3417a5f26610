/** The administration API: users and their tokens, entry points and the audit log. */

import { ApiError, getJson, request, sendJson, setCsrfToken } from '../api/client';

export const ROLES = ['admin', 'developer', 'business', 'reviewer', 'agent'] as const;
export const ENVIRONMENTS = ['dev', 'test', 'live'] as const;
export const ENTRY_KINDS = ['phone', 'chat'] as const;

export interface AdminUser {
  id: number;
  username: string;
  display_name: string;
  roles: string[];
  can_promote_live: boolean;
  active: boolean;
}

export interface NewUser {
  username: string;
  password: string;
  display_name: string;
  roles: string[];
  can_promote_live: boolean;
}

export interface UserChange {
  display_name?: string;
  roles?: string[];
  can_promote_live?: boolean;
  active?: boolean;
}

export interface ApiTokenInfo {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

export interface CreatedToken extends ApiTokenInfo {
  token: string;
}

export interface EntryPoint {
  id: number;
  kind: string;
  address: string;
  /** The flow a contact starts in, or null when the entry point names a queue. */
  flow_id: string | null;
  /** A queue the contact goes straight into (with the queue's in-queue flow), or null. */
  queue: string | null;
  environment: string;
  fields: Record<string, unknown>;
  updated_at?: string;
}

export type EntryPointInput = Omit<EntryPoint, 'id' | 'updated_at'>;

export interface AuditEntry {
  id: number;
  at: string;
  user: string | null;
  action: string;
  object: string;
  details: Record<string, unknown>;
}

export interface AuditFilters {
  user: string;
  object: string;
  action: string;
  from: string;
  to: string;
}

export const AUDIT_PAGE = 100;

/** Query string for the audit filters; `from`/`to` are datetime-local values sent as UTC. */
export function auditQuery(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ['user', 'object', 'action'] as const) {
    if (filters[name].trim()) params.set(name, filters[name].trim());
  }
  for (const name of ['from', 'to'] as const) {
    const when = filters[name] ? new Date(filters[name]) : null;
    if (when && !Number.isNaN(when.getTime())) params.set(name, when.toISOString());
  }
  return params;
}

/** An error's message plus what it says about each field (the API's `details.fields`). */
export function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const fields = error.details['fields'];
  if (!fields || typeof fields !== 'object') return error.message;
  const parts = Object.entries(fields as Record<string, unknown>).map(
    ([name, problems]) => `${name}: ${Array.isArray(problems) ? problems.join(' ') : JSON.stringify(problems)}`,
  );
  return parts.length && error.code !== 'weak_password' ? `${error.message} ${parts.join('; ')}` : error.message;
}

export const usersApi = {
  list: () => getJson<AdminUser[]>('/users'),
  create: (user: NewUser) => sendJson<AdminUser>('POST', '/users', user),
  update: (id: number, change: UserChange) => sendJson<AdminUser>('PATCH', `/users/${id}`, change),
  resetPassword: (id: number, password: string | null, keepTokens: boolean) =>
    sendJson<{ user: AdminUser; password: string | null }>('POST', `/users/${id}/password`, {
      ...(password ? { password } : {}),
      keep_tokens: keepTokens,
    }),
  tokens: (id: number) => getJson<ApiTokenInfo[]>(`/users/${id}/tokens`),
  createToken: (id: number, name: string, days: number) =>
    sendJson<CreatedToken>('POST', `/users/${id}/tokens`, { name, expires_in_days: days }),
  revokeToken: (id: number, tokenId: number) =>
    request<null>(`/users/${id}/tokens/${tokenId}`, { method: 'DELETE' }),
  /** Change my own password; the server ends my other sessions and starts a fresh one here. */
  async changeMine(current: string, next: string, keepTokens: boolean): Promise<void> {
    const result = await sendJson<{ csrf_token: string }>('POST', '/auth/password', {
      current_password: current,
      new_password: next,
      keep_tokens: keepTokens,
    });
    setCsrfToken(result.csrf_token);
  },
};

export const entryPointsApi = {
  list: () => getJson<EntryPoint[]>('/entry-points'),
  create: (entry: EntryPointInput) => sendJson<EntryPoint>('POST', '/entry-points', entry),
  update: (id: number, entry: EntryPointInput) => sendJson<EntryPoint>('PUT', `/entry-points/${id}`, entry),
  remove: (id: number) => request<null>(`/entry-points/${id}`, { method: 'DELETE' }),
};

export const auditApi = {
  list: (params: URLSearchParams, offset: number) => {
    const query = new URLSearchParams(params);
    query.set('limit', String(AUDIT_PAGE));
    query.set('offset', String(offset));
    return getJson<AuditEntry[]>(`/audit?${query.toString()}`);
  },
  csvHref: (params: URLSearchParams) => {
    const query = new URLSearchParams(params);
    query.set('format', 'csv');
    return `/api/v1/audit?${query.toString()}`;
  },
};
