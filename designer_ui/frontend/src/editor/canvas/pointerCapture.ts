/**
 * A pan or a block drag keeps the mouse: every mouse move while the button is down would
 * otherwise be hit-tested against the whole canvas (hundreds of blocks) only to be handled by
 * React Flow's window-level listeners. Capturing the pointer on the pane or the block pressed
 * sends the moves there without a hit test; the capture ends with the button. Handles (wires
 * being connected) and the panels (mini-map, zoom controls) are left alone.
 */

import type { PointerEvent as ReactPointerEvent } from 'react';

const LEFT_ALONE = '.react-flow__handle, .react-flow__panel, .react-flow__nodesselection';

export function capturePointerForMoves(event: ReactPointerEvent<HTMLElement>): void {
  if (event.pointerType !== 'mouse' || event.button !== 0) return;
  const target = event.target;
  if (!(target instanceof Element) || target.closest(LEFT_ALONE)) return;
  const holder = target.classList.contains('react-flow__pane') ? target : target.closest('.react-flow__node');
  holder?.setPointerCapture(event.pointerId);
}
