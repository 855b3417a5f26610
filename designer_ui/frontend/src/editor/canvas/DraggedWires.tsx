/**
 * The wires of the blocks being dragged (theirs and those leading into them), drawn apart from
 * the wire layer while they move: a small drawing of its own compositor layer, redrawn on every
 * step of the drag, while the wire layer with the flow's other wires stays as it was
 * (WireLayer.tsx). On the drop the wire layer takes them back.
 */

import { ViewportPortal } from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { FlowDocument } from '../../api/types';
import type { BlockNode } from './nodeData';
import { useHighlighted } from './WireLayer';
import { feeders, wiresTouching, type Wires } from './wirePaths';

/** One block's dragged wires; `data-wires-of` names the block they leave from (liveDrag.ts
 * redraws them by it). */
const BlockWires = memo(function BlockWires({ id, plain, highlighted }: { id: string } & Wires) {
  return (
    <>
      {plain && <path className="wire" d={plain} data-wires-of={id} />}
      {highlighted && <path className="wire highlighted" d={highlighted} data-wires-of={id} />}
    </>
  );
});

interface DraggedWiresProps {
  doc: FlowDocument;
  nodes: readonly BlockNode[];
  dragged: ReadonlySet<string>;
  pathEdges: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
}

function DraggedWiresView({ doc, nodes, dragged, pathEdges, selectedEdges }: DraggedWiresProps) {
  const highlighted = useHighlighted(pathEdges, selectedEdges);
  const fedBy = useMemo(() => feeders(doc), [doc]);
  const paths = useMemo(() => wiresTouching(doc, nodes, dragged, highlighted, fedBy), [doc, nodes, dragged, highlighted, fedBy]);
  return (
    <ViewportPortal>
      <svg className="wire-layer dragged-wires" data-testid="dragged-wires" width={1} height={1} aria-hidden="true">
        {Array.from(paths, ([id, wires]) => (
          <BlockWires key={id} id={id} plain={wires.plain} highlighted={wires.highlighted} />
        ))}
      </svg>
    </ViewportPortal>
  );
}

export const DraggedWires = memo(DraggedWiresView);
