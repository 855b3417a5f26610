/**
 * Levels of detail: below a zoom where a block's small text can no longer be read, each block is
 * drawn as a plain box with its label in large type (no summary, no port names), so a large flow
 * stays legible at Fit and a canvas of hundreds of blocks has far less to draw per frame.
 *
 * The canvas reads the zoom once (a store selector that changes only when the threshold is
 * crossed) and hands the answer to every block through a context, so a pan or zoom step costs
 * the blocks nothing.
 */

import { useStore, type ReactFlowState } from '@xyflow/react';
import { createContext, useContext } from 'react';

/** Below this zoom the canvas shows large labels and hides port detail (semantic zoom). */
export const SEMANTIC_ZOOM_BELOW = 0.5;

/** The size of a block's label when zoomed out, in flow units (CSS pixels at zoom 1); the
 * stylesheet (levelOfDetail.css) uses the same number. */
export const OVERVIEW_LABEL_PX = 36;

/** The smallest label, in screen pixels, that still reads comfortably. */
export const LEGIBLE_LABEL_PX = 12;

/** Fit never zooms out further than this: zoomed-out labels stay at least LEGIBLE_LABEL_PX. */
export const LEGIBLE_ZOOM = LEGIBLE_LABEL_PX / OVERVIEW_LABEL_PX;

/** Zoomed out, a flow with more connections than this has its wires drawn by the canvas itself
 * (WireLayer.tsx: cheap, but not clickable); smaller flows keep React Flow's edges. */
export const OWN_WIRES_ABOVE = 150;

const zoomedOutSelector = (state: ReactFlowState): boolean => state.transform[2] < SEMANTIC_ZOOM_BELOW;

/** True while the canvas is zoomed out past the threshold; re-renders only when that flips. */
export function useCanvasZoomedOut(): boolean {
  return useStore(zoomedOutSelector);
}

/** What the canvas decided; blocks read it here instead of subscribing to the zoom each. */
export const ZoomedOutContext = createContext(false);

export function useZoomedOut(): boolean {
  return useContext(ZoomedOutContext);
}
