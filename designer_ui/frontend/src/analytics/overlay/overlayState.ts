/** Whether the canvas shows analytics, and for which range and sessions (shared by the toolbar
 * toggle and the overlay inside the canvas). */

import { useSyncExternalStore } from 'react';
import type { RangePreset } from '../filters';
import type { Origin } from '../types';

export interface OverlaySettings {
  enabled: boolean;
  preset: RangePreset;
  origin: Origin;
}

let settings: OverlaySettings = { enabled: false, preset: '24h', origin: 'live' };
const listeners = new Set<() => void>();

export function setOverlay(patch: Partial<OverlaySettings>): void {
  settings = { ...settings, ...patch };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useOverlay(): OverlaySettings {
  return useSyncExternalStore(subscribe, () => settings);
}
