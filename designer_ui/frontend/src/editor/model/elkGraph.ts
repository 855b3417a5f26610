/** Builds the ELK graph for one lane of the flow: each block a node with an input port on the
 * left and its output ports on the right at the rows the canvas draws them, in that fixed order,
 * so the layered layout routes edges out of the ports in order and keeps crossings down. */

import type { ElkNode } from 'elkjs/lib/elk-api';
import type { FlowDocument, PaletteEntry } from '../../api/types';
import { HEADER_HEIGHT, NODE_WIDTH, PORT_ROW, nodeHeight } from './geometry';
import { portsOf } from './ports';

export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'SPLINES',
  'elk.spacing.nodeNode': '36',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

export function laneGraph(doc: FlowDocument, ids: string[], palette: ReadonlyMap<string, PaletteEntry>): ElkNode {
  const members = new Set(ids);
  const children: ElkNode[] = [];
  const edges: NonNullable<ElkNode['edges']> = [];
  for (const id of ids) {
    const block = doc.blocks[id];
    if (!block) continue;
    const ports = portsOf(block, palette.get(block.type));
    const height = nodeHeight(ports.length);
    children.push({
      id,
      width: NODE_WIDTH,
      height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
      ports: [
        { id: `${id}\u0000in`, x: 0, y: height / 2, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } },
        ...ports.map((port, index) => ({
          id: `${id}\u0000out\u0000${port}`,
          x: NODE_WIDTH - 1,
          y: HEADER_HEIGHT + index * PORT_ROW + PORT_ROW / 2,
          width: 1,
          height: 1,
          layoutOptions: { 'elk.port.side': 'EAST' },
        })),
      ],
    });
    for (const port of ports) {
      const target = block.next?.[port];
      if (target && members.has(target) && target !== id) {
        edges.push({ id: `${id}\u0000${port}`, sources: [`${id}\u0000out\u0000${port}`], targets: [`${target}\u0000in`] });
      }
    }
  }
  return { id: 'lane', layoutOptions: LAYOUT_OPTIONS, children, edges };
}
