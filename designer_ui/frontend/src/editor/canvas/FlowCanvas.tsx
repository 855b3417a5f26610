/**
 * The canvas. Node positions live here while a block is dragged; the document changes once, on
 * drop, so a drag re-renders only the dragged node (nodes are memoised, callbacks stable), and
 * drag positions reach React at most once per animation frame. While anything moves the canvas
 * carries the `moving` class (levelOfDetail.css: the view becomes its own compositor layer and
 * nothing is hit-tested).
 */

import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  useStoreApi,
  type Connection,
  type FinalConnectionState,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type OnSelectionChangeParams,
  type Viewport,
} from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent, type MutableRefObject } from 'react';
import type { FlowDocument, PaletteEntry } from '../../api/types';
import { AnalyticsOverlay } from '../../analytics';
import { useOverlay } from '../../analytics/overlay/overlayState';
import { connect, moveBlocks } from '../model/documentOps';
import { computeLanes } from '../model/lanes';
import { useDocument, type DocumentStore } from '../store/documentStore';
import { BlockNode } from './BlockNode';
import { FindBlock } from './FindBlock';
import { LaneBands } from './LaneBands';
import { WireLayer } from './WireLayer';
import { boundsOf, fitPadding, legibleFit } from './legibleFit';
import { OWN_WIRES_ABOVE, ZoomedOutContext, useCanvasZoomedOut } from './levelOfDetail';
import { reconcileEdges, reconcileNodes, type BlockNode as BlockNodeType, type CanvasDecorations } from './nodeData';

export const PALETTE_DRAG_TYPE = 'application/x-designer-block';

export interface CanvasController {
  selectedBlockIds(): string[];
  selectedEdgeIds(): string[];
  select(ids: string[]): void;
  focusBlock(id: string): void;
  fitView(): void;
  openFind(): void;
  viewCenter(): { x: number; y: number };
}

interface FlowCanvasProps {
  store: DocumentStore;
  palette: ReadonlyMap<string, PaletteEntry>;
  decorations: CanvasDecorations;
  readOnly: boolean;
  onSelectionChange(ids: string[]): void;
  onDropBlock(type: string, position: { x: number; y: number }): void;
  controllerRef: MutableRefObject<CanvasController | null>;
}

const nodeTypes = { block: BlockNode };
// Props given as constants: a new object on every render would reach React Flow's store as a
// change (and wake every subscriber) once per drag frame.
const MULTI_SELECTION_KEYS = ['Shift', 'Meta', 'Control'];
const PRO_OPTIONS = { hideAttribution: true };
/** Zoomed out on a large flow, React Flow draws no edges: the canvas's own WireLayer does. */
const NO_EDGES: Edge[] = [];
const EDGE_OPTIONS = { type: 'default' };
const LANE_COLORS: Record<string, string> = {
  initialize: '#8a7fb8',
  self_service: '#4f8fbf',
  assisted_service: '#4f9f6d',
  finalize: '#9f7f4f',
};

function withSelection(nodes: BlockNodeType[], wanted: ReadonlySet<string>): BlockNodeType[] {
  return nodes.map((node) => (node.selected === wanted.has(node.id) ? node : { ...node, selected: wanted.has(node.id) }));
}

export { SEMANTIC_ZOOM_BELOW } from './levelOfDetail';

/** The block under a point where a wire was dropped, if any: dropping anywhere on a block connects. */
function blockAt(x: number, y: number): string | null {
  const element = document.elementFromPoint(x, y)?.closest('.react-flow__node');
  const id = element?.getAttribute('data-id');
  return id && !id.startsWith('ghost:') ? id : null;
}

/** Above this many blocks the editor opens at the self-service entry instead of fitting them all. */
const FIT_ALL_LIMIT = 150;

function initialViewport(doc: FlowDocument): Viewport | undefined {
  const ids = Object.keys(doc.blocks);
  if (ids.length <= FIT_ALL_LIMIT) return undefined;
  const focus = doc.blocks[doc.phases.self_service ?? ''] ?? doc.blocks[ids[0] as string];
  const zoom = 0.75;
  return { x: 120 - (focus?.ui?.x ?? 0) * zoom, y: 160 - (focus?.ui?.y ?? 0) * zoom, zoom };
}

function FitIcon() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="4">
      <path d="M2 11V2h9M21 2h9v9M30 21v9h-9M11 30H2v-9" />
    </svg>
  );
}

function minimapColor(node: BlockNodeType): string {
  return node.data.lane ? LANE_COLORS[node.data.lane] ?? '#999' : '#bbb';
}

export function FlowCanvas({ store, palette, decorations, readOnly, onSelectionChange, onDropBlock, controllerRef }: FlowCanvasProps) {
  const doc = useDocument(store);
  const flow = useReactFlow();
  const lanes = useMemo(() => computeLanes(doc), [doc.blocks, doc.phases]); // eslint-disable-line react-hooks/exhaustive-deps
  const [nodes, setNodes] = useState<BlockNodeType[]>(() => reconcileNodes([], doc, palette, lanes, decorations, readOnly));
  const [startViewport] = useState(() => initialViewport(doc));
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const zoomedOut = useCanvasZoomedOut();
  const storeApi = useStoreApi();
  const overlayOpen = useOverlay().enabled;
  const overlayOpenRef = useRef(overlayOpen);
  overlayOpenRef.current = overlayOpen;
  const canvasRef = useRef<HTMLDivElement>(null);
  const [finding, setFinding] = useState(false);
  const edgesRef = useRef<Edge[]>([]);
  /** A selection asked for before its nodes exist (pasted or new blocks). */
  const pendingSelection = useRef<ReadonlySet<string> | null>(null);

  useLayoutEffect(() => {
    const wanted = pendingSelection.current;
    setNodes((previous) => {
      const next = reconcileNodes(previous, doc, palette, lanes, decorations, readOnly);
      return wanted ? withSelection(next, wanted) : next;
    });
    pendingSelection.current = null;
  }, [doc, palette, lanes, decorations, readOnly]);

  const edges = useMemo(() => {
    const next = reconcileEdges(edgesRef.current, doc, decorations.pathEdges, selectedEdges);
    edgesRef.current = next;
    return next;
  }, [doc.blocks, decorations.pathEdges, selectedEdges]); // eslint-disable-line react-hooks/exhaustive-deps

  const ownWires = zoomedOut && edges.length > OWN_WIRES_ABOVE;
  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;

  /** Fit (legibleFit.ts): every block in view if its label stays legible there. */
  const fit = useCallback(
    (duration: number) => {
      const bounds = boundsOf(nodesRef.current.map((node) => ({ ...node.position, width: node.width ?? 0, height: node.height ?? 0 })));
      const { width, height, panZoom } = storeApi.getState();
      if (!bounds || !panZoom || width <= 0 || height <= 0) return false; // not laid out yet
      void flow.setViewport(legibleFit(bounds, { width, height }, fitPadding(overlayOpenRef.current)), { duration });
      return true;
    },
    [flow, storeApi],
  );

  // Opening a flow of up to FIT_ALL_LIMIT blocks fits it once the view is ready (React Flow's
  // onInit) and the canvas has a size.
  const stopWaitingForSize = useRef<(() => void) | null>(null);
  const onInit = useCallback(() => {
    if (startViewport || fit(0)) return;
    const unsubscribe = storeApi.subscribe(() => {
      if (!fit(0)) return;
      unsubscribe();
      stopWaitingForSize.current = null;
    });
    stopWaitingForSize.current = unsubscribe;
  }, [startViewport, fit, storeApi]);
  useEffect(() => () => stopWaitingForSize.current?.(), []);

  const setMoving = useCallback((moving: boolean) => canvasRef.current?.classList.toggle('moving', moving), []);
  const onMoveStart = useCallback(() => setMoving(true), [setMoving]);
  const onMoveEnd = useCallback(() => setMoving(false), [setMoving]);

  // Drag positions wait for the next animation frame: however many mouse events arrive, React
  // renders the canvas once per frame. Any other change first flushes what is waiting.
  const pendingMoves = useRef<NodeChange<BlockNodeType>[]>([]);
  const flushMoves = useCallback(() => {
    const moves = pendingMoves.current;
    if (moves.length === 0) return;
    pendingMoves.current = [];
    setNodes((current) => applyNodeChanges(moves, current));
  }, []);
  // Read-only: no position change reaches the canvas, whatever started it (mouse, keys, a drag
  // begun just before the lock was lost).
  const onNodesChange = useCallback(
    (changes: NodeChange<BlockNodeType>[]) => {
      const kept = changes.filter((change) => change.type !== 'remove' && !(readOnlyRef.current && change.type === 'position'));
      if (kept.length === 0) return;
      if (kept.every((change) => change.type === 'position' && change.dragging)) {
        if (pendingMoves.current.length === 0) requestAnimationFrame(flushMoves);
        pendingMoves.current.push(...kept);
        return;
      }
      flushMoves();
      setNodes((current) => applyNodeChanges(kept, current));
    },
    [flushMoves],
  );

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const selections = changes.filter((change) => change.type === 'select');
    if (selections.length === 0) return;
    setSelectedEdges((current) => {
      const next = new Set(current);
      for (const change of selections) {
        if (change.selected) next.add(change.id);
        else next.delete(change.id);
      }
      return next;
    });
  }, []);

  const onConnect = useCallback(
    (connection: Connection) => {
      if (readOnlyRef.current) return;
      if (connection.sourceHandle) store.apply(connect(connection.source, connection.sourceHandle, connection.target));
    },
    [store],
  );

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (readOnlyRef.current || state.isValid || state.fromHandle?.type !== 'source' || !state.fromNode) return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      const target = point ? blockAt(point.clientX, point.clientY) : null;
      const port = state.fromHandle.id;
      if (target && port && target !== state.fromNode.id) store.apply(connect(state.fromNode.id, port, target));
    },
    [store],
  );

  const onNodeDragStart = useCallback(() => setMoving(true), [setMoving]);

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: BlockNodeType, dragged: BlockNodeType[]) => {
      setMoving(false);
      flushMoves();
      if (readOnlyRef.current) return;
      const positions = new Map(dragged.filter((node) => !node.data.ghost).map((node) => [node.id, node.position]));
      store.apply(moveBlocks(positions));
    },
    [store, flushMoves, setMoving],
  );

  const handleSelection = useCallback(
    ({ nodes: selected }: OnSelectionChangeParams) => {
      onSelectionChange(selected.filter((node) => !node.id.startsWith('ghost:')).map((node) => node.id));
    },
    [onSelectionChange],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
      if (!type || readOnly) return;
      event.preventDefault();
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      onDropBlock(type, { x: position.x - 20, y: position.y - 20 });
    },
    [flow, onDropBlock, readOnly],
  );

  useEffect(() => {
    controllerRef.current = {
      selectedBlockIds: () => nodesRef.current.filter((node) => node.selected && !node.data.ghost).map((node) => node.id),
      selectedEdgeIds: () => edgesRef.current.filter((edge) => edge.selected).map((edge) => edge.id),
      select(ids) {
        const wanted = new Set(ids);
        const known = new Set(nodesRef.current.map((node) => node.id));
        pendingSelection.current = ids.every((id) => known.has(id)) ? null : wanted;
        setNodes((current) => withSelection(current, wanted));
        setSelectedEdges(new Set());
        onSelectionChange(ids);
      },
      focusBlock(id) {
        const node = nodesRef.current.find((candidate) => candidate.id === id);
        if (!node) return;
        void flow.setCenter(node.position.x + 110, node.position.y + 50, { zoom: Math.max(flow.getZoom(), 1), duration: 250 });
      },
      fitView: () => void fit(250),
      openFind: () => setFinding(true),
      viewCenter() {
        const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
        if (!pane) return { x: 0, y: 0 };
        return flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 });
      },
    };
  }, [controllerRef, flow, onSelectionChange, fit]);

  return (
    <div
      ref={canvasRef}
      className={zoomedOut ? 'canvas zoomed-out' : 'canvas'}
      data-testid="canvas"
      data-zoomed-out={zoomedOut}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      {finding && (
        <FindBlock
          doc={doc}
          palette={palette}
          onClose={() => setFinding(false)}
          onPick={(id) => {
            controllerRef.current?.select([id]);
            controllerRef.current?.focusBlock(id);
            setFinding(false);
          }}
        />
      )}
      <ZoomedOutContext.Provider value={zoomedOut}>
        <ReactFlow<BlockNodeType, Edge>
          nodes={nodes}
          edges={ownWires ? NO_EDGES : edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          onNodeDragStart={onNodeDragStart}
          onNodeDragStop={onNodeDragStop}
          onInit={onInit}
          onMoveStart={onMoveStart}
          onMoveEnd={onMoveEnd}
          onSelectionChange={handleSelection}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          deleteKeyCode={null}
          multiSelectionKeyCode={MULTI_SELECTION_KEYS}
          selectionKeyCode="Shift"
          // Culling pays when zoomed in on a large flow; zoomed out nearly everything is in view and
          // culling would re-render the node and edge lists on every pan step instead.
          onlyRenderVisibleElements={!zoomedOut}
          minZoom={0.05}
          maxZoom={2}
          {...(startViewport ? { defaultViewport: startViewport } : {})}
          proOptions={PRO_OPTIONS}
          defaultEdgeOptions={EDGE_OPTIONS}
        >
          <LaneBands doc={doc} lanes={lanes} palette={palette} />
          {ownWires && <WireLayer doc={doc} nodes={nodes} pathEdges={decorations.pathEdges} selectedEdges={selectedEdges} />}
          <AnalyticsOverlay doc={doc} />
          {/* The dot grid is repainted on every pan step; zoomed out its dots are a haze anyway. */}
          {!zoomedOut && <Background gap={24} />}
          <MiniMap<BlockNodeType> pannable zoomable nodeColor={minimapColor} ariaLabel="Mini map" />
          <Controls showInteractive={false} showFitView={false} aria-label="Zoom controls">
            <ControlButton className="react-flow__controls-fitview" onClick={() => fit(250)} title="Fit view" aria-label="Fit view">
              <FitIcon />
            </ControlButton>
          </Controls>
        </ReactFlow>
      </ZoomedOutContext.Provider>
    </div>
  );
}
