/** A bot as the registry form edits it (texts in inputs), and the conversions to and from the API. */

import { parse, stringify } from 'yaml';
import type { Bot, BotSave, DeclaredIntent, Provider } from './botsApi';

export type SettingKey =
  | 'bot_id'
  | 'alias_id'
  | 'locale'
  | 'project'
  | 'agent'
  | 'environment'
  | 'region'
  | 'endpoint'
  | 'opening'
  | 'language'
  | 'timeout_ms'
  | 'max_retries';

export interface FieldSpec {
  key: SettingKey;
  label: string;
  placeholder?: string;
}

/** The fields that identify and reach a bot, by provider. */
export const PROVIDER_FIELDS: Record<Provider, FieldSpec[]> = {
  lex: [
    { key: 'bot_id', label: 'Bot id', placeholder: '10 characters, e.g. PIZZABOT01' },
    { key: 'alias_id', label: 'Alias id', placeholder: 'TSTALIASID' },
    { key: 'locale', label: 'Locale', placeholder: 'en_US' },
    { key: 'region', label: 'AWS region', placeholder: 'us-east-1' },
  ],
  dialogflow_es: [
    { key: 'project', label: 'Google project' },
    { key: 'environment', label: 'Environment (optional)' },
    { key: 'region', label: 'Location', placeholder: 'global' },
  ],
  dialogflow_cx: [
    { key: 'project', label: 'Google project' },
    { key: 'agent', label: 'Agent id' },
    { key: 'environment', label: 'Environment (optional)' },
    { key: 'region', label: 'Location', placeholder: 'global' },
  ],
  native: [],
};

/** Settings every remote bot has. */
export const REMOTE_FIELDS: FieldSpec[] = [
  { key: 'endpoint', label: 'Endpoint (optional)', placeholder: "the provider's own address" },
  { key: 'opening', label: 'Opening (optional)', placeholder: 'sent when the bot speaks first' },
  { key: 'timeout_ms', label: 'Time budget of a turn (ms)' },
  { key: 'max_retries', label: 'Retries after a transient failure' },
];

export interface CredentialSpec {
  key: string;
  label: string;
  secret: boolean;
  multiline?: boolean;
}

export const CREDENTIAL_FIELDS: Record<Provider, CredentialSpec[]> = {
  lex: [
    { key: 'aws_access_key_id', label: 'AWS access key id', secret: true },
    { key: 'aws_secret_access_key', label: 'AWS secret access key', secret: true },
    { key: 'aws_session_token', label: 'AWS session token (optional)', secret: true },
  ],
  dialogflow_es: [{ key: 'service_account_info', label: 'Service account key (JSON)', secret: true, multiline: true }],
  dialogflow_cx: [{ key: 'service_account_info', label: 'Service account key (JSON)', secret: true, multiline: true }],
  native: [],
};

export const NATIVE_TEMPLATE = `format: native-bot
format_version: 1
name: My assistant
language: en-US
threshold: 0.3
intents:
  - name: CheckBalance
    examples: [what is my balance, how much money do I have, show my balance]
    reply: Your balance is on its way.
  - name: TalkToAgent
    examples: [talk to a person, I want an agent, human please]
out_of_scope: [tell me a joke, what's the weather]
`;

export interface BotDraft {
  name: string;
  provider: Provider;
  description: string;
  settings: Record<SettingKey, string>;
  intents: DeclaredIntent[];
  nativeText: string;
  /** Typed credential values; an empty field keeps what is stored. */
  credentials: Record<string, string>;
  removeCredentials: boolean;
}

const EMPTY_SETTINGS: Record<SettingKey, string> = {
  bot_id: '',
  alias_id: '',
  locale: '',
  project: '',
  agent: '',
  environment: '',
  region: '',
  endpoint: '',
  opening: '',
  language: 'en-US',
  timeout_ms: '8000',
  max_retries: '2',
};

export function newDraft(provider: Provider = 'lex'): BotDraft {
  return {
    name: '',
    provider,
    description: '',
    settings: { ...EMPTY_SETTINGS },
    intents: [],
    nativeText: NATIVE_TEMPLATE,
    credentials: {},
    removeCredentials: false,
  };
}

export function draftOf(bot: Bot): BotDraft {
  const settings = { ...EMPTY_SETTINGS };
  for (const key of Object.keys(settings) as SettingKey[]) {
    const value = bot[key];
    settings[key] = value === null || value === undefined ? '' : String(value);
  }
  return {
    name: bot.name,
    provider: bot.provider,
    description: bot.description,
    settings,
    intents: bot.intents.map((intent) => ({ ...intent, slots: [...intent.slots] })),
    nativeText: bot.native ? stringify(bot.native) : NATIVE_TEMPLATE,
    credentials: {},
    removeCredentials: false,
  };
}

function text(value: string): string | null {
  return value.trim() ? value.trim() : null;
}

function whole(value: string, fallback: number): number {
  const number = Number(value);
  return Number.isInteger(number) ? number : fallback;
}

/** The request body; throws an Error with a readable message when the native YAML is wrong. */
export function saveBody(draft: BotDraft): BotSave {
  const s = draft.settings;
  const native = draft.provider === 'native';
  let definition: Record<string, unknown> | null = null;
  if (native) {
    try {
      const parsed: unknown = parse(draft.nativeText);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('a mapping is expected');
      definition = parsed as Record<string, unknown>;
    } catch (caught) {
      throw new Error(`The native definition is not valid YAML: ${caught instanceof Error ? caught.message : String(caught)}`);
    }
  }
  const body: BotSave = {
    provider: draft.provider,
    description: draft.description,
    bot_id: text(s.bot_id),
    alias_id: text(s.alias_id),
    locale: text(s.locale),
    project: text(s.project),
    agent: text(s.agent),
    environment: text(s.environment),
    region: text(s.region),
    endpoint: native ? null : text(s.endpoint),
    opening: native ? null : text(s.opening),
    language: text(s.language) ?? 'en-US',
    timeout_ms: whole(s.timeout_ms, 8000),
    max_retries: whole(s.max_retries, 2),
    intents: native ? [] : draft.intents.filter((intent) => intent.name.trim()),
    native: definition,
  };
  const typed = Object.entries(draft.credentials).filter(([, value]) => value.trim());
  if (draft.removeCredentials) body.credentials = null;
  else if (typed.length) body.credentials = Object.fromEntries(typed);
  return body;
}
