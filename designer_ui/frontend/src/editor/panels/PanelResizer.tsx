/** The side panel's drag handle: its width follows the pointer and is remembered in this browser,
 * so tables (Variables, headers) get the room they need and keep it on the next visit. */

import { useCallback, useState, type PointerEvent } from 'react';

const STORAGE_KEY = 'designer.sidePanelWidth';
export const MIN_PANEL_WIDTH = 300;
export const MAX_PANEL_WIDTH = 900;

function clamp(width: number): number {
  return Math.round(Math.min(MAX_PANEL_WIDTH, Math.max(MIN_PANEL_WIDTH, width)));
}

function storedWidth(): number | null {
  const stored = Number(window.localStorage.getItem(STORAGE_KEY));
  return Number.isFinite(stored) && stored > 0 ? clamp(stored) : null;
}

export function usePanelWidth(): [number | null, (width: number) => void] {
  const [width, setWidth] = useState<number | null>(storedWidth);
  const update = useCallback((next: number) => {
    const clamped = clamp(next);
    setWidth(clamped);
    window.localStorage.setItem(STORAGE_KEY, String(clamped));
  }, []);
  return [width, update];
}

export function PanelResizer({ onResize }: { onResize(width: number): void }) {
  const start = (event: PointerEvent<HTMLDivElement>) => {
    const panel = event.currentTarget.parentElement;
    if (!panel) return;
    const right = panel.getBoundingClientRect().right;
    event.currentTarget.setPointerCapture(event.pointerId);
    const move = (moveEvent: globalThis.PointerEvent) => onResize(right - moveEvent.clientX);
    const stop = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', stop);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', stop);
  };
  return (
    <div
      className="panel-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the panel"
      data-testid="panel-resizer"
      onPointerDown={start}
    />
  );
}
