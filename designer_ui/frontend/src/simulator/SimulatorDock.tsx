/** The simulator docked beside the canvas: its own column, so the flow stays in view while a
 * run moves over it. It collapses to a narrow strip (the run keeps going) and its width follows
 * a drag handle, remembered in this browser. */

import { useCallback, useState, type PointerEvent, type ReactNode } from 'react';
import './simulator.css';

const WIDTH_KEY = 'designer.simulatorWidth';
export const MIN_DOCK_WIDTH = 320;
export const MAX_DOCK_WIDTH = 760;
const DEFAULT_DOCK_WIDTH = 420;

function clampWidth(width: number): number {
  return Math.round(Math.min(MAX_DOCK_WIDTH, Math.max(MIN_DOCK_WIDTH, width)));
}

function useDockWidth(): [number, (width: number) => void] {
  const [width, setWidth] = useState(() => {
    const stored = Number(window.localStorage.getItem(WIDTH_KEY));
    return Number.isFinite(stored) && stored > 0 ? clampWidth(stored) : DEFAULT_DOCK_WIDTH;
  });
  const update = useCallback((next: number) => {
    const clamped = clampWidth(next);
    setWidth(clamped);
    window.localStorage.setItem(WIDTH_KEY, String(clamped));
  }, []);
  return [width, update];
}

interface SimulatorDockProps {
  open: boolean;
  onOpen(open: boolean): void;
  children: ReactNode;
}

export function SimulatorDock({ open, onOpen, children }: SimulatorDockProps) {
  const [width, setWidth] = useDockWidth();
  const startResize = (event: PointerEvent<HTMLDivElement>) => {
    const dock = event.currentTarget.parentElement;
    if (!dock) return;
    const right = dock.getBoundingClientRect().right;
    event.currentTarget.setPointerCapture(event.pointerId);
    const move = (moveEvent: globalThis.PointerEvent) => setWidth(right - moveEvent.clientX);
    const stop = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', stop);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', stop);
  };
  return (
    <aside
      className={open ? 'simulator-dock open' : 'simulator-dock collapsed'}
      aria-label="Simulator"
      data-testid="simulator-dock"
      data-open={open}
      style={open ? { width } : undefined}
    >
      {open && (
        <div
          className="dock-resizer"
          role="separator"
          aria-orientation="vertical"
          aria-label="Resize the simulator"
          data-testid="simulator-dock-resizer"
          onPointerDown={startResize}
        />
      )}
      <button
        type="button"
        className="dock-toggle"
        data-testid="simulator-dock-toggle"
        aria-expanded={open}
        title={open ? 'Collapse the simulator' : 'Open the simulator'}
        onClick={() => onOpen(!open)}
      >
        {open ? '▸ Simulator' : '◂ Simulator'}
      </button>
      {/* Collapsed, the panel stays mounted: a run in progress goes on where it was. */}
      <div className="dock-body" hidden={!open}>
        {children}
      </div>
    </aside>
  );
}
