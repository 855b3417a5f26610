/** Where ports and blocks are on the canvas, from React Flow's measured nodes. */

import { Position, getBezierPath, type InternalNode } from '@xyflow/react';

export interface Point {
  x: number;
  y: number;
}

export function outputPoint(node: InternalNode, port: string): Point {
  const origin = node.internals.positionAbsolute;
  const handle = node.internals.handleBounds?.source?.find((bound) => bound.id === port);
  if (handle) return { x: origin.x + handle.x + handle.width / 2, y: origin.y + handle.y + handle.height / 2 };
  return { x: origin.x + (node.measured.width ?? 220), y: origin.y + (node.measured.height ?? 80) / 2 };
}

export function inputPoint(node: InternalNode): Point {
  const origin = node.internals.positionAbsolute;
  const handle = node.internals.handleBounds?.target?.[0];
  if (handle) return { x: origin.x + handle.x + handle.width / 2, y: origin.y + handle.y + handle.height / 2 };
  return { x: origin.x, y: origin.y + (node.measured.height ?? 80) / 2 };
}

/** The same curve React Flow draws for the edge, and its middle (for the label). */
export function edgeCurve(from: Point, to: Point): { path: string; label: Point } {
  const [path, labelX, labelY] = getBezierPath({
    sourceX: from.x,
    sourceY: from.y,
    sourcePosition: Position.Right,
    targetX: to.x,
    targetY: to.y,
    targetPosition: Position.Left,
  });
  return { path, label: { x: labelX, y: labelY } };
}
