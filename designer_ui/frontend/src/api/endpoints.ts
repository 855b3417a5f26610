/** Typed calls for each REST endpoint the editor uses (docs/api-v1.md). */

import { etagOf, getJson, request, sendJson } from './client';
import type {
  Environment,
  ExpressionCheck,
  FlowDiff,
  FlowDocument,
  FlowDraft,
  FlowLock,
  FlowSummary,
  FlowVersion,
  PaletteEntry,
  Problem,
  SimResponse,
  User,
} from './types';

const enc = encodeURIComponent;

export interface LoginResult {
  user: User;
  csrf_token: string;
}

export const authApi = {
  login: (username: string, password: string) =>
    sendJson<LoginResult>('POST', '/auth/login', { username, password }),
  logout: () => sendJson<unknown>('POST', '/auth/logout'),
  me: () => getJson<LoginResult>('/auth/me'),
  /** Who is logged in, or `user: null`; answers 200 either way (no 401 on the login page). */
  session: () => getJson<{ user: LoginResult['user'] | null; csrf_token: string | null }>('/auth/session'),
};

export const paletteApi = {
  blocks: () => getJson<PaletteEntry[]>('/blocks'),
  checkExpression: (kind: 'expression' | 'template', text: string, signal?: AbortSignal) =>
    request<ExpressionCheck>('/expressions/check', {
      method: 'POST',
      body: kind === 'template' ? { template: text } : { expression: text },
      ...(signal ? { signal } : {}),
    }).then((response) => response.body),
};

export interface SaveResult {
  revision: number | string;
  problems?: Problem[];
  etag: string | null;
}

export const flowsApi = {
  list: (query = '') => getJson<FlowSummary[]>(`/flows${query ? `?q=${enc(query)}` : ''}`),
  create: (document: FlowDocument) => sendJson<FlowDraft>('POST', '/flows', { document }),
  async get(id: string): Promise<FlowDraft & { etag: string | null }> {
    const response = await request<FlowDraft>(`/flows/${enc(id)}`);
    return { ...response.body, etag: response.etag ?? etagOf(response.body.revision) };
  },
  async save(id: string, document: FlowDocument, etag: string | null, keepalive = false): Promise<SaveResult> {
    const response = await request<{ revision: number | string; problems?: Problem[] }>(
      `/flows/${enc(id)}`,
      { method: 'PUT', body: { document }, ifMatch: etag, keepalive },
    );
    return { ...response.body, etag: response.etag ?? etagOf(response.body.revision) };
  },
  remove: (id: string) => sendJson<unknown>('DELETE', `/flows/${enc(id)}`),
  validate: (id: string, document?: FlowDocument) =>
    sendJson<{ problems: Problem[] }>('POST', `/flows/${enc(id)}/validate`, document ? { document } : {}),
  lock: (id: string) => sendJson<FlowLock>('POST', `/flows/${enc(id)}/lock`),
  unlock: (id: string) => request<unknown>(`/flows/${enc(id)}/lock`, { method: 'DELETE', keepalive: true }),
  versions: (id: string) => getJson<FlowVersion[]>(`/flows/${enc(id)}/versions`),
  publish: (id: string, comment: string) =>
    sendJson<FlowVersion>('POST', `/flows/${enc(id)}/versions`, { comment }),
  version: (id: string, version: number) => getJson<FlowVersion>(`/flows/${enc(id)}/versions/${version}`),
  diff: (id: string, from: number | 'draft', to: number | 'draft') =>
    getJson<FlowDiff>(`/flows/${enc(id)}/diff?from=${from}&to=${to}`),
  /** Needs the draft's current ETag, as saving does: a stale one is refused with 412. */
  restore: (id: string, version: number, etag: string | null) =>
    request<unknown>(`/flows/${enc(id)}/versions/${version}/restore`, { method: 'POST', body: {}, ifMatch: etag }),
  exportUrl: (id: string) => `/api/v1/flows/${enc(id)}/export`,
  /**
   * Replacing existing drafts needs `ifMatch`: without it the server answers 428 with
   * `details.existing` and the tag to confirm them with in `details.if_match`.
   */
  import: (file: File, ifMatch: string | null = null) =>
    request<{ imported: string[]; problems?: Record<string, Problem[]> }>('/import', {
      method: 'POST',
      rawBody: file,
      contentType: file.name.endsWith('.zip') ? 'application/zip' : 'application/json',
      ifMatch,
    }).then((response) => response.body),
};

export const environmentsApi = {
  list: () => getJson<Environment[]>('/environments'),
  promote: (env: string, flowId: string, version: number) =>
    sendJson<unknown>('PUT', `/environments/${enc(env)}/flows/${enc(flowId)}`, { version }),
};

export interface SimulatorStart {
  flow_id: string;
  version?: number | 'draft';
  channel: string;
  system?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  mocks?: { http?: unknown; bots?: unknown };
  /** Fix the clock: ISO 8601 with its UTC offset. */
  now?: string;
  /** Whose Business Controls the run reads (default live). */
  environment?: 'dev' | 'test' | 'live';
  /** Business Controls for this run only; they win over the stored ones. */
  business?: { emergency?: Record<string, boolean>; special_days?: Record<string, unknown[]> };
}

export type SimInput =
  | { dtmf: string }
  | { text: string }
  | { noinput: true }
  | { nomatch: true }
  | { hangup: true };

export const simulatorApi = {
  start: (options: SimulatorStart) => sendJson<SimResponse>('POST', '/simulator/sessions', options),
  send: (sessionId: string, input: SimInput) =>
    sendJson<SimResponse>('POST', `/simulator/sessions/${enc(sessionId)}/events`, { input }),
  world: (sessionId: string, world: Record<string, unknown>) =>
    sendJson<SimResponse>('POST', `/simulator/sessions/${enc(sessionId)}/events`, { world }),
  testCase: (sessionId: string, name: string) =>
    request<{ yaml?: string } | string>(`/simulator/sessions/${enc(sessionId)}/testcase`, {
      method: 'POST',
      body: { name },
    }).then((response) => (typeof response.body === 'string' ? response.body : response.body.yaml ?? '')),
};

export interface FlowTests {
  yaml: string;
  last_results?: TestRun | null;
}

export interface TestCaseOutcome {
  name: string;
  channel?: string;
  passed: boolean;
  message?: string | null;
}

export interface TestRun {
  cases: TestCaseOutcome[];
  passed: number;
  failed: number;
  error?: string | null;
}

export const testsApi = {
  get: (flowId: string) => getJson<FlowTests>(`/flows/${enc(flowId)}/tests`),
  put: (flowId: string, yaml: string) => sendJson<FlowTests>('PUT', `/flows/${enc(flowId)}/tests`, { yaml }),
  run: (flowId: string) => sendJson<TestRun>('POST', `/flows/${enc(flowId)}/tests/run`),
};
