/** The dashboard's and the overlay's filters, and how they become query strings. */

import type { Origin } from './types';

export type RangePreset = '1h' | '24h' | '7d' | '30d' | 'custom';

export const PRESETS: { id: RangePreset; label: string; seconds: number }[] = [
  { id: '1h', label: 'Last hour', seconds: 3600 },
  { id: '24h', label: 'Last 24 hours', seconds: 86400 },
  { id: '7d', label: 'Last 7 days', seconds: 7 * 86400 },
  { id: '30d', label: 'Last 30 days', seconds: 30 * 86400 },
];

export interface AnalyticsFilters {
  preset: RangePreset;
  /** `datetime-local` values (browser time), used when `preset` is `custom`. */
  from: string;
  to: string;
  origin: Origin;
  flow: string;
  version: string;
  channel: string;
  environment: string;
  entryPoint: string;
}

export const DEFAULT_FILTERS: AnalyticsFilters = {
  preset: '24h',
  from: '',
  to: '',
  origin: 'live',
  flow: '',
  version: '',
  channel: '',
  environment: '',
  entryPoint: '',
};

/** The range as ISO instants; presets end a little in the future so nothing just written is cut. */
export function rangeOf(filters: AnalyticsFilters, now: number = Date.now()): { from: string; to: string } {
  if (filters.preset === 'custom' && filters.from && filters.to) {
    return { from: new Date(filters.from).toISOString(), to: new Date(filters.to).toISOString() };
  }
  const preset = PRESETS.find((item) => item.id === filters.preset) ?? PRESETS[1];
  const end = now + 60_000;
  return { from: new Date(end - (preset?.seconds ?? 86400) * 1000).toISOString(), to: new Date(end).toISOString() };
}

export function queryString(filters: AnalyticsFilters, extra: Record<string, string> = {}, now?: number): string {
  const params = new URLSearchParams(rangeOf(filters, now));
  params.set('origin', filters.origin);
  const optional: [string, string][] = [
    ['flow', filters.flow],
    ['version', filters.version],
    ['channel', filters.channel],
    ['environment', filters.environment],
    ['entry_point', filters.entryPoint],
  ];
  for (const [key, value] of optional) if (value) params.set(key, value);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}
