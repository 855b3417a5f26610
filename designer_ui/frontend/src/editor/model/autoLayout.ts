/**
 * Auto-layout: each phase's blocks laid out left to right by ELK's layered algorithm with the
 * output ports in their drawn order (see elkGraph.ts), the four phases stacked as horizontal
 * lanes (initialize on top, finalize at the bottom); unreached blocks below. ELK runs in a Web
 * Worker so a large flow does not freeze the page.
 */

import ELK, { type ElkNode } from 'elkjs/lib/elk-api';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import { PHASES, type FlowDocument, type PaletteEntry } from '../../api/types';
import { laneGraph } from './elkGraph';
import { computeLanes } from './lanes';

const LANE_GAP = 120;
const LEFT = 160;

let elk: InstanceType<typeof ELK> | null = null;

/** ELK's own worker script runs the layout in a Web Worker; elk-api talks to it. */
function layoutInWorker(graph: ElkNode): Promise<ElkNode> {
  elk ??= new ELK({ workerUrl: elkWorkerUrl });
  return elk.layout(graph);
}

export async function autoLayout(doc: FlowDocument, palette: ReadonlyMap<string, PaletteEntry>): Promise<Map<string, { x: number; y: number }>> {
  const lanes = computeLanes(doc);
  const groups: string[][] = PHASES.map(() => []);
  const unreached: string[] = [];
  for (const id of Object.keys(doc.blocks)) {
    const lane = lanes.get(id);
    if (lane) groups[PHASES.indexOf(lane)]?.push(id);
    else unreached.push(id);
  }
  groups.push(unreached);
  const laid = await Promise.all(groups.map((ids) => (ids.length ? layoutInWorker(laneGraph(doc, ids, palette)) : null)));
  const result = new Map<string, { x: number; y: number }>();
  let top = 40;
  for (const graph of laid) {
    if (!graph) continue;
    let bottom = top;
    for (const node of graph.children ?? []) {
      result.set(node.id, { x: LEFT + (node.x ?? 0), y: top + (node.y ?? 0) });
      bottom = Math.max(bottom, top + (node.y ?? 0) + (node.height ?? 0));
    }
    top = bottom + LANE_GAP;
  }
  return result;
}
