/** The legal holds API (admins): holds in force, placing one, releasing one, and the releases
 * the audit log has recorded (who released which hold, and when). */

import { getJson, request, sendJson } from '../api/client';
import type { AuditEntry } from './adminApi';

export const HOLD_KINDS = ['interaction', 'flow', 'number'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

export const HOLD_KIND_LABELS: Record<HoldKind, string> = {
  interaction: 'Interaction (call or chat session id, SIP Call-ID)',
  flow: 'Flow (flow id)',
  number: 'Number or address (caller, called number, chat visitor or entry point)',
};

export interface LegalHold {
  id: number;
  kind: string;
  value: string;
  reason: string;
  created_by: string | null;
  created_at: string;
}

export interface NewLegalHold {
  kind: HoldKind;
  value: string;
  reason: string;
}

export const RELEASES_SHOWN = 20;

export const legalHoldsApi = {
  list: () => getJson<LegalHold[]>('/legal-holds'),
  place: (hold: NewLegalHold) => sendJson<LegalHold>('POST', '/legal-holds', hold),
  release: (id: number) => request<null>(`/legal-holds/${id}`, { method: 'DELETE' }),
  releases: () => getJson<AuditEntry[]>(`/audit?action=legal_hold.release&limit=${RELEASES_SHOWN}&offset=0`),
};
