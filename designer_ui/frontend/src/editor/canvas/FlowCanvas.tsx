/**
 * The canvas: React Flow with the document's blocks as nodes (useCanvasNodes.ts), block drags
 * (useBlockDrag.ts: the document changes once, on the drop), the wire layer when zoomed out on a
 * large flow, lanes, the mini-map and Fit. While anything moves the canvas carries the `moving`
 * class (nothing is hit-tested); while the view is panned, `panning` or `edge-panning` (the view
 * is its own compositor layer, so a pan step rasters nothing; see levelOfDetail.css).
 */

import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStoreApi,
  type Connection,
  type FinalConnectionState,
  type Edge,
  type EdgeChange,
  type OnSelectionChangeParams,
  type Viewport,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type MutableRefObject } from 'react';
import type { FlowDocument, PaletteEntry } from '../../api/types';
import { AnalyticsOverlay } from '../../analytics';
import { useOverlay } from '../../analytics/overlay/overlayState';
import { connect } from '../model/documentOps';
import { computeLanes } from '../model/lanes';
import { useDocument, type DocumentStore } from '../store/documentStore';
import { BlockNode } from './BlockNode';
import { FindBlock } from './FindBlock';
import { LaneBands } from './LaneBands';
import { DraggedWires } from './DraggedWires';
import { capturePointerForMoves } from './pointerCapture';
import { WireLayer } from './WireLayer';
import { boundsOf, fitPadding, legibleFit } from './legibleFit';
import { OWN_WIRES_ABOVE, ZoomedOutContext, useCanvasZoomedOut } from './levelOfDetail';
import { connectionCount, reconcileEdges, type BlockNode as BlockNodeType, type CanvasDecorations } from './nodeData';
import { useBlockDrag } from './useBlockDrag';
import { useCanvasNodes } from './useCanvasNodes';

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

export { SEMANTIC_ZOOM_BELOW } from './levelOfDetail';

/** The block under a point where a wire was dropped, if any: dropping anywhere on a block connects. */
function blockAt(x: number, y: number): string | null {
  const element = document.elementFromPoint(x, y)?.closest('.react-flow__node');
  const id = element?.getAttribute('data-id');
  return id && !id.startsWith('ghost:') ? id : null;
}

/** The pointer events that start a pan (d3-zoom's source event); a wheel or a button zooms. */
const PAN_STARTS = new Set(['mousedown', 'pointerdown', 'touchstart']);

/** Below this zoom Chromium rasters a will-change: transform layer at the zoom's own scale (above
 * it, at least at scale 1: many times the tiles); see levelOfDetail.css, `edge-panning`. */
const EDGE_PAN_LAYER_BELOW = 0.25;

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
  const { nodes, setNodes, select } = useCanvasNodes({ doc, palette, lanes, decorations, readOnly });
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

  const connections = useMemo(() => connectionCount(doc), [doc.blocks]); // eslint-disable-line react-hooks/exhaustive-deps
  const ownWires = zoomedOut && connections > OWN_WIRES_ABOVE;
  // React Flow's edges, only while it draws them.
  const edges = useMemo(() => {
    const next = ownWires ? NO_EDGES : reconcileEdges(edgesRef.current, doc, decorations.pathEdges, selectedEdges);
    edgesRef.current = next;
    return next;
  }, [ownWires, doc.blocks, decorations.pathEdges, selectedEdges]); // eslint-disable-line react-hooks/exhaustive-deps

  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;
  /** What a drag drawn without React (liveDrag.ts) needs when it starts. */
  const wiring = useRef({ doc, ownWires, pathEdges: decorations.pathEdges, selectedEdges });
  wiring.current = { doc, ownWires, pathEdges: decorations.pathEdges, selectedEdges };

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
  const { drag, dragging, onNodesChange, onNodeDragStart, onNodeDragStop } = useBlockDrag({
    store, setNodes, nodesRef, readOnlyRef, canvasRef, setMoving, wiring, storeApi,
  });
  // The view is a compositor layer of its own while it is panned with the pointer (`panning`),
  // and, zoomed out below EDGE_PAN_LAYER_BELOW, from the moment a drag of blocks near the
  // canvas's edge starts panning it (React Flow pans a step per frame, each a move of its own)
  // until the drop (`edge-panning`); the drag is still moving when one of those steps ends.
  const onMoveStart = useCallback(
    (event: MouseEvent | TouchEvent | null) => {
      setMoving(true);
      if (dragging.current) {
        if (storeApi.getState().transform[2] < EDGE_PAN_LAYER_BELOW) canvasRef.current?.classList.add('edge-panning');
      } else if (event && PAN_STARTS.has(event.type)) canvasRef.current?.classList.add('panning');
    },
    [setMoving, dragging, storeApi],
  );
  const onMoveEnd = useCallback(() => {
    if (dragging.current) return;
    setMoving(false);
    canvasRef.current?.classList.remove('panning');
  }, [setMoving, dragging]);

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
        select(ids);
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
  }, [controllerRef, flow, onSelectionChange, fit, select]);

  return (
    <div
      ref={canvasRef}
      className={zoomedOut ? 'canvas zoomed-out' : 'canvas'}
      data-testid="canvas"
      data-zoomed-out={zoomedOut}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onPointerDown={capturePointerForMoves}
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
          edges={edges}
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
          {ownWires && (
            <WireLayer
              doc={doc}
              nodes={drag ? drag.still : nodes}
              apart={drag?.blocks}
              pathEdges={decorations.pathEdges}
              selectedEdges={selectedEdges}
            />
          )}
          {ownWires && drag && (
            <DraggedWires doc={doc} nodes={nodes} dragged={drag.blocks} pathEdges={decorations.pathEdges} selectedEdges={selectedEdges} />
          )}
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
