/**
 * Wires drawn by the canvas itself when zoomed out on a large flow (OWN_WIRES_ABOVE
 * connections). React Flow's edges each subscribe to its store, so every pan step would run a
 * thousand selectors; these paths depend only on block positions, so a pan costs them nothing.
 * All plain wires are one path and all highlighted wires (on the simulated path, or selected)
 * another: each SVG element is work for Chromium on every frame (layerizing the page costs per
 * element), so a thousand wires as a thousand paths made every pan step slower. Each block's
 * share of the paths is kept apart here, so a move recomputes only the wires of the blocks that
 * moved and of the blocks wired into them.
 *
 * While blocks are dragged their wires are drawn apart (DraggedWires.tsx) and this layer leaves
 * them out: it changes once when the drag starts and once on the drop, never in between, so the
 * thousand wires are not repainted on every step of a drag.
 *
 * These wires are drawn, not picked (zoom in to click one); on-path and selected wires keep
 * their colours.
 */

import { ViewportPortal } from '@xyflow/react';
import { memo, useCallback, useMemo, useRef } from 'react';
import type { FlowDocument } from '../../api/types';
import type { BlockNode } from './nodeData';
import { blockWires, feeders, movedBlocks, nodesById, wirePaths, type WireFilter, type Wires } from './wirePaths';

const NOTHING_APART: ReadonlySet<string> = new Set();

interface WireCache {
  doc: FlowDocument;
  highlighted: (id: string) => boolean;
  nodes: readonly BlockNode[];
  apart: ReadonlySet<string>;
  feeders: Map<string, string[]>;
  paths: Map<string, Wires>;
}

function notTouching(apart: ReadonlySet<string>): WireFilter {
  return apart.size === 0 ? () => true : (source, target) => !apart.has(source) && !apart.has(target);
}

/** The blocks whose wires changed: moved ones, and those now drawn apart or back in the layer. */
function changedBlocks(previous: WireCache, nodes: readonly BlockNode[], apart: ReadonlySet<string>): string[] | null {
  const moved = movedBlocks(previous.nodes, nodes);
  if (!moved) return null;
  for (const id of apart) if (!previous.apart.has(id)) moved.push(id);
  for (const id of previous.apart) if (!apart.has(id)) moved.push(id);
  return moved;
}

/** Wire paths, recomputed only for the blocks that changed and the blocks wired into them. */
function useWirePaths(
  doc: FlowDocument,
  nodes: readonly BlockNode[],
  highlighted: (id: string) => boolean,
  apart: ReadonlySet<string>,
): Map<string, Wires> {
  const cache = useRef<WireCache | null>(null);
  return useMemo(() => {
    const previous = cache.current;
    const changed = previous && previous.doc === doc && previous.highlighted === highlighted
      ? changedBlocks(previous, nodes, apart)
      : null;
    const keep = notTouching(apart);
    if (!previous || !changed) {
      cache.current = { doc, highlighted, nodes, apart, feeders: feeders(doc), paths: wirePaths(doc, nodes, highlighted, keep) };
      return cache.current.paths;
    }
    if (changed.length === 0) {
      cache.current = { ...previous, nodes, apart };
      return previous.paths;
    }
    const redo = new Set(changed);
    for (const id of changed) for (const source of previous.feeders.get(id) ?? []) redo.add(source);
    const at = nodesById(nodes);
    const paths = new Map(previous.paths);
    for (const source of redo) {
      const wires = blockWires(source, doc.blocks[source]?.next, at, highlighted, keep);
      if (wires) paths.set(source, wires);
      else paths.delete(source);
    }
    cache.current = { ...previous, nodes, apart, paths };
    return paths;
  }, [doc, nodes, highlighted, apart]);
}

interface WireLayerProps {
  doc: FlowDocument;
  nodes: readonly BlockNode[];
  pathEdges: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  /** Blocks whose wires are drawn elsewhere for now (being dragged). */
  apart?: ReadonlySet<string>;
}

/** Whether an on-path or selected wire is highlighted (shared with DraggedWires.tsx). */
export function useHighlighted(pathEdges: ReadonlySet<string>, selectedEdges: ReadonlySet<string>): (id: string) => boolean {
  return useCallback((id: string) => pathEdges.has(id) || selectedEdges.has(id), [pathEdges, selectedEdges]);
}

/** Every block's wires as one plain path and one highlighted path. */
function joined(paths: ReadonlyMap<string, Wires>): Wires {
  let plain = '';
  let highlighted = '';
  for (const wires of paths.values()) {
    plain += wires.plain;
    highlighted += wires.highlighted;
  }
  return { plain, highlighted };
}

function WireLayerView({ doc, nodes, pathEdges, selectedEdges, apart = NOTHING_APART }: WireLayerProps) {
  const highlighted = useHighlighted(pathEdges, selectedEdges);
  const paths = useWirePaths(doc, nodes, highlighted, apart);
  const wires = useMemo(() => joined(paths), [paths]);
  return (
    <ViewportPortal>
      <svg className="wire-layer" data-testid="wire-layer" width={1} height={1} aria-hidden="true">
        {wires.plain && <path className="wire" d={wires.plain} />}
        {wires.highlighted && <path className="wire highlighted" d={wires.highlighted} />}
      </svg>
    </ViewportPortal>
  );
}

export const WireLayer = memo(WireLayerView);
