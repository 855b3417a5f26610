/**
 * The canvas's nodes: derived from the document and its decorations while rendering (not in an
 * effect, which would render the canvas twice for every edit: once with the new document and
 * the old nodes), and changed in place by React Flow (selection, drag positions) until the
 * document changes again. A selection can be asked for before its blocks have nodes (a paste, a
 * new block): it is made as soon as they do, or dropped if the next document has none of them.
 */

import { useLayoutEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { FlowDocument, PaletteEntry } from '../../api/types';
import type { LaneMap } from '../model/lanes';
import { reconcileNodes, type BlockNode, type CanvasDecorations } from './nodeData';

interface Sources {
  doc: FlowDocument;
  palette: ReadonlyMap<string, PaletteEntry>;
  lanes: LaneMap;
  decorations: CanvasDecorations;
  readOnly: boolean;
}

function sameSources(a: Sources, b: Sources): boolean {
  return a.doc === b.doc && a.palette === b.palette && a.lanes === b.lanes && a.decorations === b.decorations && a.readOnly === b.readOnly;
}

export function withSelection(nodes: BlockNode[], wanted: ReadonlySet<string>): BlockNode[] {
  return nodes.map((node) => (node.selected === wanted.has(node.id) ? node : { ...node, selected: wanted.has(node.id) }));
}

export interface CanvasNodes {
  nodes: BlockNode[];
  setNodes: Dispatch<SetStateAction<BlockNode[]>>;
  /** Select exactly these blocks, now for those with nodes, the others as soon as they have one. */
  select(ids: readonly string[]): void;
}

export function useCanvasNodes(sources: Sources): CanvasNodes {
  const { doc, palette, lanes, decorations, readOnly } = sources;
  const [nodes, setNodes] = useState<BlockNode[]>(() => reconcileNodes([], doc, palette, lanes, decorations, readOnly));
  const [derivedFrom, setDerivedFrom] = useState(sources);
  if (!sameSources(derivedFrom, sources)) {
    setDerivedFrom(sources);
    setNodes((previous) => reconcileNodes(previous, doc, palette, lanes, decorations, readOnly));
  }

  /** The blocks to select, and the document drawn when they were asked for. */
  const pendingSelection = useRef<{ wanted: ReadonlySet<string>; askedAt: FlowDocument } | null>(null);
  useLayoutEffect(() => {
    const pending = pendingSelection.current;
    if (!pending) return;
    const known = new Set(nodes.map((node) => node.id));
    if ([...pending.wanted].every((id) => known.has(id))) {
      pendingSelection.current = null;
      setNodes((current) => withSelection(current, pending.wanted));
    } else if (pending.askedAt !== doc) {
      pendingSelection.current = null;
    }
  }, [nodes, doc]);

  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const docRef = useRef(doc);
  docRef.current = doc;
  const select = useRef((ids: readonly string[]) => {
    const wanted = new Set(ids);
    const known = new Set(nodesRef.current.map((node) => node.id));
    pendingSelection.current = ids.every((id) => known.has(id)) ? null : { wanted, askedAt: docRef.current };
    setNodes((current) => withSelection(current, wanted));
  }).current;

  return { nodes, setNodes, select };
}
