/**
 * Levels of detail: below a zoom where a block's small text can no longer be read, blocks draw
 * only their header with a large label (and the handles wires attach to), so a large flow stays
 * legible at Fit and a canvas of hundreds of blocks has far less to lay out per frame.
 */

import { useStore, type FitViewOptions, type ReactFlowState } from '@xyflow/react';

/** Below this zoom the canvas shows large labels and hides port detail (semantic zoom). */
export const SEMANTIC_ZOOM_BELOW = 0.5;

const zoomedOutSelector = (state: ReactFlowState): boolean => state.transform[2] < SEMANTIC_ZOOM_BELOW;

/** True while the canvas is zoomed out past the threshold; re-renders only when that flips. */
export function useZoomedOut(): boolean {
  return useStore(zoomedOutSelector);
}

/** Room kept free at Fit on the right, where the minimap (and the Analytics panel) float. */
export function fitPadding(overlayOpen: boolean): NonNullable<FitViewOptions['padding']> {
  return { top: '24px', left: '24px', bottom: '24px', right: overlayOpen ? '320px' : '236px' };
}
