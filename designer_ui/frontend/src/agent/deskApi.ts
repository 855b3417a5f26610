/** The agent desk's calls to the chat API (`/api/v1/chat/desk/...`, docs/api-v1.md). */

import { getJson, sendJson } from '../api/client';

export interface DeskSession {
  id: string;
  status: 'active' | 'queued' | 'agent' | 'ended';
  last_seq: number;
  queue: string | null;
  target_type: string | null;
  skills: string[];
  priority: number;
  waiting_since: number | null;
  timeout_ms: number | null;
  data: Record<string, unknown>;
  fields: Record<string, unknown>;
  visitor_id: string;
  agent: string | null;
  agent_name: string | null;
  accepted_at: number | null;
  flow: { id: string; version: string; environment: string; entry_point: string };
}

export interface DeskMessage {
  seq: number;
  id: string;
  author: 'visitor' | 'flow' | 'agent' | 'system';
  kind: 'text' | 'prompt' | 'choice' | 'typing' | 'note';
  text: string;
  ts: number;
  data: { buttons?: { key: string; label: string }[]; agent?: string; event?: string };
}

export interface DeskDetail {
  session: DeskSession;
  messages: DeskMessage[];
}

const enc = encodeURIComponent;

export const deskApi = {
  queue: () => getJson<DeskSession[]>('/chat/desk/queue'),
  mine: () => getJson<DeskSession[]>('/chat/desk/mine'),
  detail: (id: string) => getJson<DeskDetail>(`/chat/desk/sessions/${enc(id)}`),
  accept: (id: string) => sendJson<DeskDetail>('POST', `/chat/desk/sessions/${enc(id)}/accept`),
  reply: (id: string, text: string, clientMessageId: string) =>
    sendJson<DeskDetail>('POST', `/chat/desk/sessions/${enc(id)}/messages`, {
      text,
      client_message_id: clientMessageId,
    }),
  end: (id: string) => sendJson<DeskDetail>('POST', `/chat/desk/sessions/${enc(id)}/end`),
  eventsUrl: (id: string, after: number) => `/api/v1/chat/desk/sessions/${enc(id)}/events?after=${after}`,
};

/** Messages merged by sequence number: each once, in order. */
export function mergeMessages(known: DeskMessage[], incoming: DeskMessage[]): DeskMessage[] {
  const bySeq = new Map(known.map((message) => [message.seq, message]));
  let changed = false;
  for (const message of incoming) {
    if (!bySeq.has(message.seq)) {
      bySeq.set(message.seq, message);
      changed = true;
    }
  }
  return changed ? [...bySeq.values()].sort((a, b) => a.seq - b.seq) : known;
}
