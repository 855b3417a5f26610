/** What one block node shows, and how a document plus its decorations become nodes and edges. */

import type { Edge, Node } from '@xyflow/react';
import type { FlowBlock, FlowDocument, PaletteEntry, Phase } from '../../api/types';
import { NODE_WIDTH, nodeHeight } from '../model/geometry';
import type { LaneMap } from '../model/lanes';
import { portsOf } from '../model/ports';
import { blockHandles } from './handleLayout';

export interface ProblemBadge {
  errors: number;
  warnings: number;
  first: string;
}

export type DiffStatus = 'added' | 'changed' | 'removed';

/** Everything drawn on top of the document: problems, simulator position, version diff. */
export interface CanvasDecorations {
  problems: ReadonlyMap<string, ProblemBadge>;
  current: string | null;
  visited: ReadonlySet<string>;
  pathEdges: ReadonlySet<string>;
  diff: ReadonlyMap<string, DiffStatus>;
  ghosts: Readonly<Record<string, FlowBlock>>;
}

export const NO_DECORATIONS: CanvasDecorations = {
  problems: new Map(),
  current: null,
  visited: new Set(),
  pathEdges: new Set(),
  diff: new Map(),
  ghosts: {},
};

export interface BlockNodeData extends Record<string, unknown> {
  blockId: string;
  block: FlowBlock;
  entry: PaletteEntry | undefined;
  ports: string[];
  lane: Phase | null;
  entryOf: Phase | null;
  problems: ProblemBadge | undefined;
  simulation: 'current' | 'visited' | null;
  diff: DiffStatus | null;
  ghost: boolean;
}

export type BlockNode = Node<BlockNodeData, 'block'>;

export function edgeId(source: string, port: string): string {
  return `${source}\u0000${port}`;
}

function sameData(a: BlockNodeData, b: BlockNodeData): boolean {
  return (
    a.block === b.block &&
    a.entry === b.entry &&
    a.lane === b.lane &&
    a.entryOf === b.entryOf &&
    a.problems === b.problems &&
    a.simulation === b.simulation &&
    a.diff === b.diff &&
    a.ghost === b.ghost
  );
}

function entryPhases(doc: FlowDocument): Map<string, Phase> {
  const result = new Map<string, Phase>();
  for (const [phase, id] of Object.entries(doc.phases)) if (id) result.set(id, phase as Phase);
  return result;
}

/** New nodes for the document, reusing every previous node object whose data did not change. */
export function reconcileNodes(
  previous: readonly BlockNode[],
  doc: FlowDocument,
  palette: ReadonlyMap<string, PaletteEntry>,
  lanes: LaneMap,
  decorations: CanvasDecorations,
  readOnly: boolean,
): BlockNode[] {
  const before = new Map(previous.map((node) => [node.id, node]));
  const entries = entryPhases(doc);
  const result: BlockNode[] = [];
  const add = (id: string, block: FlowBlock, ghost: boolean) => {
    const entry = palette.get(block.type);
    const ports = portsOf(block, entry);
    const data: BlockNodeData = {
      blockId: ghost ? id.slice('ghost:'.length) : id,
      block,
      entry,
      ports,
      lane: ghost ? null : lanes.get(id) ?? null,
      entryOf: ghost ? null : entries.get(id) ?? null,
      problems: ghost ? undefined : decorations.problems.get(id),
      simulation: decorations.current === id ? 'current' : decorations.visited.has(id) ? 'visited' : null,
      diff: ghost ? 'removed' : decorations.diff.get(id) ?? null,
      ghost,
    };
    const old = before.get(id);
    const draggable = !readOnly && !ghost;
    if (old && old.draggable === draggable && sameData(old.data, data)) {
      result.push(old);
      return;
    }
    const height = nodeHeight(ports.length);
    result.push({
      id,
      type: 'block',
      position: { x: block.ui?.x ?? 0, y: block.ui?.y ?? 0 },
      data,
      selected: old?.selected ?? false,
      draggable,
      connectable: draggable,
      selectable: !ghost,
      // Size and handles are known from the geometry: React Flow need not measure them.
      width: NODE_WIDTH,
      height,
      measured: { width: NODE_WIDTH, height },
      handles: blockHandles(ports),
      ariaLabel: `${block.label || id} (${entry?.label ?? block.type})`,
    });
  };
  for (const [id, block] of Object.entries(doc.blocks)) add(id, block, false);
  for (const [id, block] of Object.entries(decorations.ghosts)) add(`ghost:${id}`, block, true);
  return result;
}

/** How many connections the document draws (the edges reconcileEdges would give). */
export function connectionCount(doc: FlowDocument): number {
  let count = 0;
  for (const block of Object.values(doc.blocks)) {
    for (const target of Object.values(block.next ?? {})) if (doc.blocks[target]) count += 1;
  }
  return count;
}

/** Edges of the document, reusing previous edge objects that did not change. */
export function reconcileEdges(
  previous: readonly Edge[],
  doc: FlowDocument,
  pathEdges: ReadonlySet<string>,
  selectedEdges: ReadonlySet<string>,
): Edge[] {
  const before = new Map(previous.map((edge) => [edge.id, edge]));
  const result: Edge[] = [];
  for (const [source, block] of Object.entries(doc.blocks)) {
    for (const [port, target] of Object.entries(block.next ?? {})) {
      if (!doc.blocks[target]) continue;
      const id = edgeId(source, port);
      const onPath = pathEdges.has(id);
      const selected = selectedEdges.has(id);
      const old = before.get(id);
      if (old && old.target === target && old.selected === selected && (old.className === 'on-path') === onPath) {
        result.push(old);
        continue;
      }
      result.push({
        id,
        source,
        sourceHandle: port,
        target,
        targetHandle: 'in',
        selected,
        animated: onPath,
        ...(onPath ? { className: 'on-path' } : {}),
        ariaLabel: `${source} ${port} to ${target}`,
        data: { port },
      });
    }
  }
  return result;
}
