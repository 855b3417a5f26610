/** The Bot Registry endpoints (`/api/v1/bots`). Credentials are write-only: sent, never read. */

import { getJson, request, sendJson } from '../api/client';

const enc = encodeURIComponent;

export type Provider = 'lex' | 'dialogflow_es' | 'dialogflow_cx' | 'native';

export const PROVIDERS: { id: Provider; label: string }[] = [
  { id: 'lex', label: 'Amazon Lex V2' },
  { id: 'dialogflow_es', label: 'Dialogflow ES' },
  { id: 'dialogflow_cx', label: 'Dialogflow CX' },
  { id: 'native', label: 'Native (no cloud)' },
];

export interface DeclaredSlot {
  name: string;
  type?: string | null;
}

export interface DeclaredIntent {
  name: string;
  description?: string;
  slots: DeclaredSlot[];
}

/** The fields every bot has besides its name, as the API takes them. */
export interface BotFields {
  provider: Provider;
  description: string;
  bot_id: string | null;
  alias_id: string | null;
  locale: string | null;
  project: string | null;
  agent: string | null;
  environment: string | null;
  region: string | null;
  language: string;
  endpoint: string | null;
  timeout_ms: number;
  max_retries: number;
  opening: string | null;
  intents: DeclaredIntent[];
  native: Record<string, unknown> | null;
}

export interface Pin {
  flow_id: string;
  version: number;
  native_revision: number;
}

export interface Bot extends BotFields {
  name: string;
  credentials_set: boolean;
  credential_fields: string[];
  native_revision: number | null;
  native_hash: string | null;
  pinned_by: Pin[];
  revision: number;
  updated_at: string | null;
  updated_by: string | null;
}

/** What is saved: `credentials` left out keeps the stored ones, `null` removes them. */
export interface BotSave extends BotFields {
  credentials?: Record<string, unknown> | null;
}

export interface TestResult {
  ok: boolean;
  state: string;
  intent: string | null;
  slots: Record<string, unknown>;
  confidence: number | null;
  messages: string[];
  error: string | null;
  elapsed_ms: number;
}

export interface IntentInfo {
  name: string;
  description: string;
  slots: { name: string; type: string | null; required: boolean | null }[];
}

export interface IntentList {
  bot: string;
  provider: Provider;
  source: 'definition' | 'declared';
  intents: IntentInfo[];
}

export const botsApi = {
  list: () => getJson<Bot[]>('/bots'),
  get: (name: string) => getJson<Bot>(`/bots/${enc(name)}`),
  create: (name: string, body: BotSave) => sendJson<Bot>('POST', '/bots', { name, ...body }),
  update: async (name: string, body: BotSave, revision: number) =>
    (await request<Bot>(`/bots/${enc(name)}`, { method: 'PUT', body, ifMatch: `"${revision}"` })).body,
  remove: (name: string) => sendJson<unknown>('DELETE', `/bots/${enc(name)}`),
  test: (name: string, text: string | null) => sendJson<TestResult>('POST', `/bots/${enc(name)}/test`, { text }),
  intents: (name: string) => getJson<IntentList>(`/bots/${enc(name)}/intents`),
};
