/**
 * Auto-layout: each phase's blocks laid out left to right by ELK's layered algorithm with the
 * output ports in their drawn order (see elkGraph.ts), the four phases stacked as horizontal
 * lanes (initialize on top, finalize at the bottom); unreached blocks below (laneLayout.ts).
 * ELK runs in a Web Worker so a large flow does not freeze the page.
 */

import ELK, { type ElkNode } from 'elkjs/lib/elk-api';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { FlowDocument, PaletteEntry } from '../../api/types';
import { layoutLanes } from './laneLayout';

let elk: InstanceType<typeof ELK> | null = null;

/** ELK's own worker script runs the layout in a Web Worker; elk-api talks to it. */
function layoutInWorker(graph: ElkNode): Promise<ElkNode> {
  elk ??= new ELK({ workerUrl: elkWorkerUrl });
  return elk.layout(graph);
}

export function autoLayout(doc: FlowDocument, palette: ReadonlyMap<string, PaletteEntry>): Promise<Map<string, { x: number; y: number }>> {
  return layoutLanes(doc, palette, layoutInWorker);
}
