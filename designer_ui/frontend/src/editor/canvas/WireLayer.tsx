/**
 * Wires drawn by the canvas itself when zoomed out on a large flow (OWN_WIRES_ABOVE
 * connections): one path per block (all of its outgoing
 * wires), in the viewport's own layer. React Flow's edges each subscribe to its store, so every
 * pan step would run a thousand selectors; these paths depend only on block positions, so a pan
 * costs them nothing and a drag recomputes and redraws only the paths that touch the dragged
 * block.
 * These wires are drawn, not picked (zoom in to click one); on-path and selected wires keep
 * their colours.
 */

import { ViewportPortal } from '@xyflow/react';
import { memo, useCallback, useMemo, useRef } from 'react';
import type { FlowDocument } from '../../api/types';
import { NODE_WIDTH } from '../model/geometry';
import { INPUT_HANDLE_Y, portHandleY } from './handleLayout';
import { edgeId, type BlockNode } from './nodeData';

interface Wires {
  plain: string;
  highlighted: string;
}

type Point = { x: number; y: number };

/** A curve leaving a port to the right and entering an input from the left. */
function curve(from: Point, to: Point): string {
  const reach = Math.max(40, Math.abs(to.x - from.x) / 2);
  return `M${from.x},${from.y}C${from.x + reach},${from.y} ${to.x - reach},${to.y} ${to.x},${to.y}`;
}

/** One block's outgoing wires as path data, split into plain and highlighted ones. */
function blockWires(
  source: string,
  next: Readonly<Record<string, string>> | undefined,
  at: ReadonlyMap<string, BlockNode>,
  highlighted: (id: string) => boolean,
): Wires | null {
  const from = at.get(source);
  if (!from || !next) return null;
  let plain = '';
  let marked = '';
  from.data.ports.forEach((port, index) => {
    const target = next[port];
    const to = target ? at.get(target) : undefined;
    if (!to) return;
    const path = curve(
      { x: from.position.x + NODE_WIDTH, y: from.position.y + portHandleY(index) },
      { x: to.position.x, y: to.position.y + INPUT_HANDLE_Y },
    );
    if (highlighted(edgeId(source, port))) marked += path;
    else plain += path;
  });
  return plain || marked ? { plain, highlighted: marked } : null;
}

function byId(nodes: readonly BlockNode[]): Map<string, BlockNode> {
  const at = new Map<string, BlockNode>();
  for (const node of nodes) at.set(node.id, node);
  return at;
}

/** Every block's outgoing wires. */
export function wirePaths(
  doc: FlowDocument,
  nodes: readonly BlockNode[],
  highlighted: (id: string) => boolean,
): Map<string, Wires> {
  const at = byId(nodes);
  const result = new Map<string, Wires>();
  for (const [source, block] of Object.entries(doc.blocks)) {
    const wires = blockWires(source, block.next, at, highlighted);
    if (wires) result.set(source, wires);
  }
  return result;
}

/** The blocks wired into each block (for redrawing what a moved block touches). */
function feeders(doc: FlowDocument): Map<string, string[]> {
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

/** The blocks whose node object changed between two renders (positions while dragging). */
function movedBlocks(before: readonly BlockNode[], after: readonly BlockNode[]): string[] | null {
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

interface WireCache {
  doc: FlowDocument;
  highlighted: (id: string) => boolean;
  nodes: readonly BlockNode[];
  feeders: Map<string, string[]>;
  paths: Map<string, Wires>;
}

/** Wire paths, redrawn during a drag only for the moved blocks and the blocks wired into them. */
function useWirePaths(doc: FlowDocument, nodes: readonly BlockNode[], highlighted: (id: string) => boolean): Map<string, Wires> {
  const cache = useRef<WireCache | null>(null);
  return useMemo(() => {
    const previous = cache.current;
    const moved = previous && previous.doc === doc && previous.highlighted === highlighted ? movedBlocks(previous.nodes, nodes) : null;
    if (!previous || !moved) {
      cache.current = { doc, highlighted, nodes, feeders: feeders(doc), paths: wirePaths(doc, nodes, highlighted) };
      return cache.current.paths;
    }
    if (moved.length === 0) {
      previous.nodes = nodes;
      return previous.paths;
    }
    const redo = new Set(moved);
    for (const id of moved) for (const source of previous.feeders.get(id) ?? []) redo.add(source);
    const at = byId(nodes);
    const paths = new Map(previous.paths);
    for (const source of redo) {
      const wires = blockWires(source, doc.blocks[source]?.next, at, highlighted);
      if (wires) paths.set(source, wires);
      else paths.delete(source);
    }
    cache.current = { ...previous, nodes, paths };
    return paths;
  }, [doc, nodes, highlighted]);
}

const BlockWires = memo(function BlockWires({ id, plain, highlighted }: { id: string } & Wires) {
  return (
    <>
      {plain && <path className="wire" d={plain} data-wires-of={id} />}
      {highlighted && <path className="wire highlighted" d={highlighted} data-wires-of={id} />}
    </>
  );
});

interface WireLayerProps {
  doc: FlowDocument;
  nodes: readonly BlockNode[];
  pathEdges: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
}

function WireLayerView({ doc, nodes, pathEdges, selectedEdges }: WireLayerProps) {
  const highlighted = useCallback((id: string) => pathEdges.has(id) || selectedEdges.has(id), [pathEdges, selectedEdges]);
  const paths = useWirePaths(doc, nodes, highlighted);
  return (
    <ViewportPortal>
      <svg className="wire-layer" data-testid="wire-layer" width={1} height={1} aria-hidden="true">
        {Array.from(paths, ([id, wires]) => (
          <BlockWires key={id} id={id} plain={wires.plain} highlighted={wires.highlighted} />
        ))}
      </svg>
    </ViewportPortal>
  );
}

export const WireLayer = memo(WireLayerView);
