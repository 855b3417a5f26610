/**
 * Where a block's handles sit, fixed by its geometry: the input at the top of the left edge, one
 * output per port row on the right edge. The canvas declares these positions to React Flow, so
 * the wires are drawn without measuring handles in the page, and a zoomed-out block needs no
 * handle elements at all.
 */

import { Position, type NodeHandle } from '@xyflow/react';
import { HEADER_HEIGHT, NODE_WIDTH, PORT_ROW } from '../model/geometry';

export const HANDLE_SIZE = 10;

/** The input handle's centre, below the block's top edge. */
export const INPUT_HANDLE_Y = 16;

/** The centre of output port `index` (the middle of its row), below the block's top edge. */
export function portHandleY(index: number): number {
  return HEADER_HEIGHT + index * PORT_ROW + PORT_ROW / 2;
}

function centredAt(x: number, y: number): { x: number; y: number; width: number; height: number } {
  return { x: x - HANDLE_SIZE / 2, y: y - HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE };
}

/** The handles of a block with these ports, as React Flow's `node.handles`. */
export function blockHandles(ports: readonly string[]): NodeHandle[] {
  return [
    { id: 'in', type: 'target', position: Position.Left, ...centredAt(0, INPUT_HANDLE_Y) },
    ...ports.map((port, index) => ({
      id: port,
      type: 'source' as const,
      position: Position.Right,
      ...centredAt(NODE_WIDTH, portHandleY(index)),
    })),
  ];
}
