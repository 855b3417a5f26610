/** The size the canvas draws a block at: fixed width, height from its port count. */

export const NODE_WIDTH = 220;
/** Header, type line and the one-line summary of what the block does. */
export const HEADER_HEIGHT = 70;
export const PORT_ROW = 22;

export function nodeHeight(portCount: number): number {
  return HEADER_HEIGHT + Math.max(1, portCount) * PORT_ROW + 8;
}
