/**
 * Auto-layout: each phase's blocks laid out left to right with dagre, the four phases stacked
 * as horizontal lanes (initialize on top, finalize at the bottom); unreached blocks below.
 */

import dagre from '@dagrejs/dagre';
import { PHASES, type FlowDocument, type PaletteEntry } from '../../api/types';
import { NODE_WIDTH, nodeHeight } from './geometry';
import { computeLanes } from './lanes';
import { portsOf } from './ports';

const LANE_GAP = 120;
const LEFT = 160;

function layoutGroup(doc: FlowDocument, ids: string[], palette: ReadonlyMap<string, PaletteEntry>) {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 90, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const members = new Set(ids);
  for (const id of ids) {
    const block = doc.blocks[id];
    if (!block) continue;
    graph.setNode(id, { width: NODE_WIDTH, height: nodeHeight(portsOf(block, palette.get(block.type)).length) });
  }
  for (const id of ids) {
    for (const target of Object.values(doc.blocks[id]?.next ?? {})) {
      if (members.has(target) && target !== id) graph.setEdge(id, target);
    }
  }
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number; height: number }>();
  for (const id of ids) {
    const node = graph.node(id) as { x: number; y: number; width: number; height: number } | undefined;
    if (node) positions.set(id, { x: node.x - node.width / 2, y: node.y - node.height / 2, height: node.height });
  }
  return positions;
}

export function autoLayout(doc: FlowDocument, palette: ReadonlyMap<string, PaletteEntry>): Map<string, { x: number; y: number }> {
  const lanes = computeLanes(doc);
  const groups: string[][] = PHASES.map(() => []);
  const unreached: string[] = [];
  for (const id of Object.keys(doc.blocks)) {
    const lane = lanes.get(id);
    if (lane) groups[PHASES.indexOf(lane)]?.push(id);
    else unreached.push(id);
  }
  groups.push(unreached);
  const result = new Map<string, { x: number; y: number }>();
  let top = 40;
  for (const ids of groups) {
    if (ids.length === 0) continue;
    const positions = layoutGroup(doc, ids, palette);
    let bottom = top;
    for (const [id, position] of positions) {
      result.set(id, { x: LEFT + position.x, y: top + position.y });
      bottom = Math.max(bottom, top + position.y + position.height);
    }
    top = bottom + LANE_GAP;
  }
  return result;
}
