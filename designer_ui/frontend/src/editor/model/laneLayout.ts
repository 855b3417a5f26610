/**
 * The lane-stacking half of auto-layout, apart from how ELK is run: the browser runs ELK in a
 * Web Worker (autoLayout.ts), the examples' re-layout script runs the same code in Node, so the
 * positions stored in examples/flows are exactly what the editor's Auto-layout gives.
 */

import type { ElkNode } from 'elkjs/lib/elk-api';
import { PHASES, type FlowDocument, type PaletteEntry } from '../../api/types';
import { laneGraph } from './elkGraph';
import { computeLanes } from './lanes';

const LANE_GAP = 120;
const LEFT = 160;
const TOP = 40;

export type ElkRunner = (graph: ElkNode) => Promise<ElkNode>;

/** Each phase laid out left to right by ELK, the phases stacked top to bottom; unreached blocks last. */
export async function layoutLanes(
  doc: FlowDocument,
  palette: ReadonlyMap<string, PaletteEntry>,
  runElk: ElkRunner,
): Promise<Map<string, { x: number; y: number }>> {
  const lanes = computeLanes(doc);
  const groups: string[][] = PHASES.map(() => []);
  const unreached: string[] = [];
  for (const id of Object.keys(doc.blocks)) {
    const lane = lanes.get(id);
    if (lane) groups[PHASES.indexOf(lane)]?.push(id);
    else unreached.push(id);
  }
  groups.push(unreached);
  const laid = await Promise.all(groups.map((ids) => (ids.length ? runElk(laneGraph(doc, ids, palette)) : null)));
  const result = new Map<string, { x: number; y: number }>();
  let top = TOP;
  for (const graph of laid) {
    if (!graph) continue;
    let bottom = top;
    for (const node of graph.children ?? []) {
      result.set(node.id, { x: LEFT + Math.round(node.x ?? 0), y: top + Math.round(node.y ?? 0) });
      bottom = Math.max(bottom, top + Math.round(node.y ?? 0) + (node.height ?? 0));
    }
    top = bottom + LANE_GAP;
  }
  return result;
}
