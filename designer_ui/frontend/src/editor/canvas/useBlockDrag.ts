/**
 * Dragging blocks on the canvas. Positions live in the canvas while blocks move and reach the
 * document once, on the drop (one undo step). Where the canvas draws the wires itself (zoomed
 * out on a large flow) a drag is drawn without React, once per animation frame (liveDrag.ts);
 * elsewhere, React Flow's edges follow the blocks through its store, so the positions reach
 * React at most once per animation frame, however many mouse events arrive.
 *
 * While a few blocks are dragged the canvas carries `dragging-blocks` (each is a compositor
 * layer of its own: levelOfDetail.css), and the dragged blocks' wires are drawn apart from the
 * wire layer (DraggedWires.tsx), which keeps the others as they were until the drop.
 */

import { applyNodeChanges, type NodeChange, type NodePositionChange, type ReactFlowState } from '@xyflow/react';
import { useCallback, useRef, useState, type Dispatch, type MutableRefObject, type RefObject, type SetStateAction } from 'react';
import type { FlowDocument } from '../../api/types';
import { moveBlocks } from '../model/documentOps';
import type { DocumentStore } from '../store/documentStore';
import { LiveDrag } from './liveDrag';
import type { BlockNode } from './nodeData';
import { feeders } from './wirePaths';

/** Dragging at most this many blocks, each gets a compositor layer of its own for the drag. */
const OWN_LAYERS_UP_TO = 16;

/** A drag under way: the blocks it moves, and the nodes as they were when it started (the wire
 * layer draws the other wires from these, unchanged until the drop). */
export interface Drag {
  blocks: ReadonlySet<string>;
  still: BlockNode[];
}

/** What the canvas draws the wires from, read when a drag starts. */
export interface Wiring {
  doc: FlowDocument;
  ownWires: boolean;
  pathEdges: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
}

interface BlockDragInputs {
  store: DocumentStore;
  setNodes: Dispatch<SetStateAction<BlockNode[]>>;
  nodesRef: MutableRefObject<BlockNode[]>;
  readOnlyRef: MutableRefObject<boolean>;
  canvasRef: RefObject<HTMLDivElement | null>;
  setMoving(moving: boolean): void;
  wiring: MutableRefObject<Wiring>;
  storeApi: { getState(): ReactFlowState };
}

function isDragMove(change: NodeChange<BlockNode>): change is NodePositionChange {
  return change.type === 'position' && !!change.dragging;
}

export function useBlockDrag({ store, setNodes, nodesRef, readOnlyRef, canvasRef, setMoving, wiring, storeApi }: BlockDragInputs) {
  const [drag, setDrag] = useState<Drag | null>(null);
  const dragging = useRef(false);
  const liveDrag = useRef<LiveDrag | null>(null);

  // Drag positions going through React wait for the next animation frame. Any other change
  // first flushes what is waiting.
  const pendingMoves = useRef<NodeChange<BlockNode>[]>([]);
  const flushMoves = useCallback(() => {
    const moves = pendingMoves.current;
    if (moves.length === 0) return;
    pendingMoves.current = [];
    setNodes((current) => applyNodeChanges(moves, current));
  }, [setNodes]);

  /** The end of a drag (its last positions are in React's hands from here). */
  const endDrag = useCallback(() => {
    if (!dragging.current) return;
    dragging.current = false;
    liveDrag.current?.finish();
    liveDrag.current = null;
    setMoving(false);
    canvasRef.current?.classList.remove('dragging-blocks', 'edge-panning');
    setDrag(null);
  }, [setMoving, canvasRef]);

  // Read-only: no position change reaches the canvas, whatever started it (mouse, keys, a drag
  // begun just before the lock was lost).
  const onNodesChange = useCallback(
    (changes: NodeChange<BlockNode>[]) => {
      const kept = changes.filter((change) => change.type !== 'remove' && !(readOnlyRef.current && change.type === 'position'));
      if (kept.length === 0) return;
      if (kept.every(isDragMove)) {
        if (liveDrag.current) {
          liveDrag.current.move(kept);
          return;
        }
        if (pendingMoves.current.length === 0) requestAnimationFrame(flushMoves);
        pendingMoves.current.push(...kept);
        return;
      }
      // A drag's last positions (also when the drag was cut short).
      if (dragging.current && kept.some((change) => change.type === 'position')) endDrag();
      flushMoves();
      setNodes((current) => applyNodeChanges(kept, current));
    },
    [flushMoves, endDrag, readOnlyRef, setNodes],
  );

  const onNodeDragStart = useCallback(
    (_event: unknown, _node: BlockNode, dragged: BlockNode[]) => {
      setMoving(true);
      dragging.current = true;
      const blocks = new Set(dragged.filter((node) => !node.data.ghost).map((node) => node.id));
      const root = canvasRef.current;
      root?.classList.toggle('dragging-blocks', blocks.size <= OWN_LAYERS_UP_TO);
      setDrag({ blocks, still: nodesRef.current });
      const { doc, ownWires, pathEdges, selectedEdges } = wiring.current;
      // Drawn without React where the canvas draws the wires (React Flow's edges follow only
      // through its store) and no selection box has to follow the blocks.
      liveDrag.current = root && ownWires && !storeApi.getState().nodesSelectionActive
        ? new LiveDrag({
            root,
            doc,
            nodes: nodesRef.current,
            blocks,
            highlighted: (id) => pathEdges.has(id) || selectedEdges.has(id),
            fedBy: feeders(doc),
          })
        : null;
    },
    [setMoving, canvasRef, nodesRef, wiring, storeApi],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: BlockNode, dragged: BlockNode[]) => {
      endDrag();
      flushMoves();
      if (readOnlyRef.current) return;
      const positions = new Map(dragged.filter((node) => !node.data.ghost).map((node) => [node.id, node.position]));
      store.apply(moveBlocks(positions));
    },
    [store, flushMoves, endDrag, readOnlyRef],
  );

  return { drag, dragging, onNodesChange, onNodeDragStart, onNodeDragStop };
}
