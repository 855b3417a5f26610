/**
 * The path data of the wires the canvas draws itself (WireLayer.tsx, DraggedWires.tsx): one
 * curve per connection, from a port's handle to the input handle of the block it leads to, at
 * the positions of the blocks' nodes.
 */

import type { FlowDocument } from '../../api/types';
import { NODE_WIDTH } from '../model/geometry';
import { INPUT_HANDLE_Y, portHandleY } from './handleLayout';
import { edgeId, type BlockNode } from './nodeData';

/** One block's outgoing wires as path data: plain ones and highlighted ones (on the simulated
 * path, or selected). */
export interface Wires {
  plain: string;
  highlighted: string;
}

type Point = { x: number; y: number };

/** Which connections to leave out (a dragged block's, drawn apart while it moves). */
export type WireFilter = (source: string, target: string) => boolean;

const EVERY_WIRE: WireFilter = () => true;

/** A curve leaving a port to the right and entering an input from the left. */
function curve(from: Point, to: Point): string {
  const reach = Math.max(40, Math.abs(to.x - from.x) / 2);
  return `M${from.x},${from.y}C${from.x + reach},${from.y} ${to.x - reach},${to.y} ${to.x},${to.y}`;
}

/** One block's outgoing wires that pass `keep`, split into plain and highlighted ones. */
export function blockWires(
  source: string,
  next: Readonly<Record<string, string>> | undefined,
  at: ReadonlyMap<string, BlockNode>,
  highlighted: (id: string) => boolean,
  keep: WireFilter = EVERY_WIRE,
): Wires | null {
  const from = at.get(source);
  if (!from || !next) return null;
  let plain = '';
  let marked = '';
  from.data.ports.forEach((port, index) => {
    const target = next[port];
    const to = target ? at.get(target) : undefined;
    if (!to || !target || !keep(source, target)) return;
    const path = curve(
      { x: from.position.x + NODE_WIDTH, y: from.position.y + portHandleY(index) },
      { x: to.position.x, y: to.position.y + INPUT_HANDLE_Y },
    );
    if (highlighted(edgeId(source, port))) marked += path;
    else plain += path;
  });
  return plain || marked ? { plain, highlighted: marked } : null;
}

export function nodesById(nodes: readonly BlockNode[]): Map<string, BlockNode> {
  const at = new Map<string, BlockNode>();
  for (const node of nodes) at.set(node.id, node);
  return at;
}

/** Every block's outgoing wires that pass `keep`. */
export function wirePaths(
  doc: FlowDocument,
  nodes: readonly BlockNode[],
  highlighted: (id: string) => boolean,
  keep: WireFilter = EVERY_WIRE,
): Map<string, Wires> {
  const at = nodesById(nodes);
  const result = new Map<string, Wires>();
  for (const [source, block] of Object.entries(doc.blocks)) {
    const wires = blockWires(source, block.next, at, highlighted, keep);
    if (wires) result.set(source, wires);
  }
  return result;
}

/** The blocks wired into each block (for redrawing what a moved block touches). */
export function feeders(doc: FlowDocument): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const [source, block] of Object.entries(doc.blocks)) {
    for (const target of Object.values(block.next ?? {})) {
      const list = result.get(target);
      if (list) list.push(source);
      else result.set(target, [source]);
    }
  }
  return result;
}

/** The wires that touch any of `blocks` (theirs, and those of the blocks wired into them), by
 * the block they leave from. */
export function wiresTouching(
  doc: FlowDocument,
  nodes: readonly BlockNode[],
  blocks: ReadonlySet<string>,
  highlighted: (id: string) => boolean,
  fedBy: ReadonlyMap<string, readonly string[]>,
): Map<string, Wires> {
  const at = nodesById(nodes);
  const touches: WireFilter = (source, target) => blocks.has(source) || blocks.has(target);
  const sources = new Set(blocks);
  for (const id of blocks) for (const source of fedBy.get(id) ?? []) sources.add(source);
  const result = new Map<string, Wires>();
  for (const source of sources) {
    const wires = blockWires(source, doc.blocks[source]?.next, at, highlighted, touches);
    if (wires) result.set(source, wires);
  }
  return result;
}

/** The blocks whose node object changed between two renders (positions while dragging), or
 * null when the list itself changed. */
export function movedBlocks(before: readonly BlockNode[], after: readonly BlockNode[]): string[] | null {
  if (before.length !== after.length) return null;
  const moved: string[] = [];
  for (let index = 0; index < after.length; index += 1) {
    const node = after[index] as BlockNode;
    if (node === before[index]) continue;
    if (node.id !== before[index]?.id) return null;
    moved.push(node.id);
  }
  return moved;
}
