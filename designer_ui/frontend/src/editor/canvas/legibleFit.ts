/**
 * Fit: the whole flow in view when its labels stay legible there; otherwise the legible zoom,
 * showing the flow from its start (its left edge, and its top when it is too tall as well).
 * A pure function of the blocks' box and the canvas size.
 */

import type { Viewport } from '@xyflow/react';
import { LEGIBLE_ZOOM } from './levelOfDetail';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Room kept free around the blocks, in screen pixels. */
export interface FitPadding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The largest zoom Fit uses: small flows are not blown up past their natural size. */
export const FIT_MAX_ZOOM = 1;

/** Room kept free at Fit: on the right the minimap (and the Analytics panel) float. */
export function fitPadding(overlayOpen: boolean): FitPadding {
  return { top: 24, left: 24, bottom: 24, right: overlayOpen ? 320 : 236 };
}

/** The box around all the given boxes (null when there are none). */
export function boundsOf(boxes: Iterable<Box>): Box | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const box of boxes) {
    minX = Math.min(minX, box.x);
    minY = Math.min(minY, box.y);
    maxX = Math.max(maxX, box.x + box.width);
    maxY = Math.max(maxY, box.y + box.height);
  }
  return minX === Infinity ? null : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Where one axis starts on screen: centred when the content fits, else at its start. */
function axisOffset(start: number, size: number, zoom: number, before: number, room: number): number {
  const drawn = size * zoom;
  return (drawn <= room ? before + (room - drawn) / 2 : before) - start * zoom;
}

export function legibleFit(bounds: Box, pane: { width: number; height: number }, padding: FitPadding): Viewport {
  const roomX = Math.max(1, pane.width - padding.left - padding.right);
  const roomY = Math.max(1, pane.height - padding.top - padding.bottom);
  const whole = Math.min(roomX / Math.max(1, bounds.width), roomY / Math.max(1, bounds.height));
  const zoom = Math.min(FIT_MAX_ZOOM, Math.max(LEGIBLE_ZOOM, whole));
  return {
    x: axisOffset(bounds.x, bounds.width, zoom, padding.left, roomX),
    y: axisOffset(bounds.y, bounds.height, zoom, padding.top, roomY),
    zoom,
  };
}
