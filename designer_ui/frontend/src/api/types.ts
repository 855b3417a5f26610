/** The shapes the REST API (docs/api-v1.md) and the flow format (FLOW_FORMAT.md) use. */

export const PHASES = ['initialize', 'self_service', 'assisted_service', 'finalize'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  initialize: 'Initialize',
  self_service: 'Self-service',
  assisted_service: 'Assisted service',
  finalize: 'Finalize',
};

export type Channel = 'voice' | 'chat';

export interface BlockUi {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  color?: string;
  collapsed?: boolean;
  note?: string;
}

export interface FlowBlock {
  type: string;
  label?: string;
  description?: string;
  ui?: BlockUi;
  props?: Record<string, unknown>;
  next?: Record<string, string>;
}

export interface FlowVariable {
  type?: string;
  default?: unknown;
  secure?: boolean;
  description?: string;
}

export type PromptVariants = Record<string, { tts?: string; audio?: string }>;

/** `in_queue`: what a queue runs for a waiting customer; `outbound`: what the callback dialer
 * runs when the customer answers; `module`: called from other flows. */
export type FlowKind = 'application' | 'module' | 'in_queue' | 'outbound';

export const FLOW_KIND_LABELS: Record<FlowKind, string> = {
  application: 'Application',
  module: 'Module',
  in_queue: 'In-queue (waiting customers)',
  outbound: 'Outbound (callback calls)',
};

export interface FlowDocument {
  format: 'designer-flow';
  format_version: number;
  id: string;
  name: string;
  description?: string;
  kind?: FlowKind;
  channels: Channel[];
  languages?: string[];
  variables?: Record<string, FlowVariable>;
  inputs?: string[];
  outputs?: string[];
  phases: Partial<Record<Phase, string>>;
  blocks: Record<string, FlowBlock>;
  prompts?: Record<string, PromptVariants>;
}

/** A JSON Schema node, as much of it as the property panel reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  description?: string;
  default?: unknown;
  'x-designer-kind'?: 'expression' | 'template';
}

export interface PaletteEntry {
  type: string;
  label: string;
  category: string;
  icon: string;
  color: string;
  help: string;
  phases: Phase[];
  channels: Channel[];
  ports: string[];
  dynamic_ports: boolean;
  port_labels: Record<string, string>;
  waits_for_input: boolean;
  module_only: boolean;
  /** The kinds of flow the block may be used in (validation refuses it elsewhere). */
  flow_kinds?: FlowKind[];
  props_schema: JsonSchema;
  /** The property panel's fields, in order; absent for block types that declare none. */
  fields?: FieldInfo[];
}

export interface FieldInfo {
  name: string;
  label: string;
  help: string;
  advanced: boolean;
  widget: string;
  summary: boolean;
}

export interface Problem {
  severity: 'error' | 'warning';
  code?: string;
  message: string;
  block_id?: string | null;
  path?: string | null;
  line?: number | null;
  column?: number | null;
}

export interface User {
  id: number | string;
  username: string;
  display_name?: string;
  roles: string[];
  can_promote_live?: boolean;
}

export interface LockHolder {
  username?: string;
  display_name?: string;
}

export interface FlowLock {
  holder: LockHolder | string | null;
  expires_at?: string;
}

export interface FlowSummary {
  id: string;
  name: string;
  kind?: string;
  channels?: Channel[];
  description?: string;
  revision?: number | string;
  updated_at?: string;
  updated_by?: string | null;
  latest_version?: number | null;
  environments?: Record<string, number>;
  lock?: FlowLock | null;
}

export interface FlowDraft {
  document: FlowDocument;
  revision: number | string;
  updated_at?: string;
  updated_by?: string | null;
  lock?: FlowLock | null;
  problems?: Problem[];
}

export interface FlowVersion {
  version: number;
  comment?: string;
  created_at?: string;
  created_by?: string;
  document?: FlowDocument;
}

export interface FlowDiff {
  added: string[];
  removed: string[];
  changed: { block: string; fields: string[] }[];
  flow_changed: string[];
}

export interface Environment {
  name: string;
  flows: Record<string, number>;
}

export interface ExpressionCheck {
  ok: boolean;
  names?: string[];
  error?: { message: string; line?: number; column?: number };
}

export interface SimEffect {
  kind: string;
  block?: string;
  prompts?: { text?: string; audio?: string }[];
  options?: { key: string; label?: string }[];
  [key: string]: unknown;
}

export interface SimStateSummary {
  block?: string | null;
  phase?: string | null;
  variables?: Record<string, unknown>;
  ended?: boolean;
  waiting?: string | null;
  /** The flow's kind (an in-queue flow gets the queue controls). */
  kind?: string;
  /** An agent answered the route or transfer the flow waits at. */
  agent_answered?: boolean;
  /** `system.Queue` as the in-queue flow reads it. */
  queue?: { name?: string; position?: number; ewt_s?: number } | null;
}

export interface SimResponse {
  session_id: string;
  output: SimEffect[];
  state_summary: SimStateSummary;
  trace: string[];
}

export interface TestCaseResult {
  name: string;
  channel?: string;
  passed: boolean;
  message?: string;
  failures?: unknown;
}
