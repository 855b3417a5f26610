/** The queues API (`/api/v1/queues`, docs/queues.md). */

import { getJson, sendJson } from '../api/client';

export interface QueueSettings {
  name: string;
  description: string;
  channels: string[];
  skills: Record<string, number>;
  service_level: { percent: number; seconds: number };
  max_wait_seconds: number;
  at_max_wait: string;
  rona_seconds: number;
  wrap_up_seconds: number;
}

export interface Queue extends QueueSettings {
  id: number;
}

export interface Realtime {
  waiting: number;
  longest_wait_s: number;
  agents: Record<string, number>;
  service_level: number | null;
}

export const queuesApi = {
  list: () => getJson<Queue[]>('/queues'),
  create: (settings: QueueSettings) => sendJson<Queue>('POST', '/queues', settings),
  update: (id: number, settings: Partial<QueueSettings>) =>
    sendJson<Queue>('PATCH', `/queues/${id}`, settings),
  realtime: (id: number) => getJson<Realtime>(`/queues/${id}/realtime`),
};

/** `billing:2, fr` -> {billing: 2, fr: 1}. */
export function parseSkills(text: string): Record<string, number> {
  const skills: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [name, level] = part.split(':').map((piece) => piece.trim());
    if (name) skills[name] = level ? Number(level) : 1;
  }
  return skills;
}

export function formatSkills(skills: Record<string, number>): string {
  return Object.entries(skills)
    .map(([name, level]) => (level > 1 ? `${name}:${level}` : name))
    .join(', ');
}
