/**
 * A drag of blocks drawn straight into the page, once per animation frame, without React: on a
 * flow large enough for the canvas to draw its own wires, every React render of a moved node
 * also updates React Flow's store, whose thousand subscribers (every block and its mini-map
 * copy) each run a selector: most of a drag step's script. Here a step only moves the dragged
 * blocks' elements (compositor layers of their own meanwhile: levelOfDetail.css) and redraws
 * their wires in the dragged-wires drawing (DraggedWires.tsx). The positions reach React, the
 * document and the mini-map once, on the drop (FlowCanvas.tsx).
 *
 * React Flow keeps its own idea of where the blocks are until the drop; nothing of it is drawn
 * meanwhile except the box around a selection made by dragging over the canvas, so such drags
 * keep going through React.
 */

import type { XYPosition } from '@xyflow/react';
import type { FlowDocument } from '../../api/types';
import type { BlockNode } from './nodeData';
import { wiresTouching } from './wirePaths';

export interface LiveDragInputs {
  root: HTMLElement;
  doc: FlowDocument;
  nodes: readonly BlockNode[];
  blocks: ReadonlySet<string>;
  highlighted: (id: string) => boolean;
  fedBy: ReadonlyMap<string, readonly string[]>;
}

function nodeElements(root: HTMLElement, blocks: ReadonlySet<string>): Map<string, HTMLElement> {
  const found = new Map<string, HTMLElement>();
  for (const element of root.querySelectorAll<HTMLElement>('.react-flow__node')) {
    const id = element.dataset.id;
    if (id && blocks.has(id)) found.set(id, element);
  }
  return found;
}

export class LiveDrag {
  private readonly positions = new Map<string, XYPosition>();
  private readonly elements: Map<string, HTMLElement>;
  private frame = 0;

  constructor(private readonly inputs: LiveDragInputs) {
    this.elements = nodeElements(inputs.root, inputs.blocks);
  }

  /** Where the dragged blocks are now; drawn on the next animation frame. */
  move(moves: ReadonlyArray<{ id: string; position?: XYPosition | undefined }>): void {
    for (const { id, position } of moves) if (position) this.positions.set(id, position);
    if (!this.frame) this.frame = requestAnimationFrame(this.draw);
  }

  /** Draw what is still waiting (the drop's positions reach React right after). */
  finish(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.draw();
  }

  private readonly draw = (): void => {
    this.frame = 0;
    for (const [id, { x, y }] of this.positions) {
      const element = this.elements.get(id);
      if (element) element.style.transform = `translate(${x}px,${y}px)`;
    }
    this.drawWires();
  };

  private drawWires(): void {
    const { root, doc, nodes, blocks, highlighted, fedBy } = this.inputs;
    const drawing = root.querySelector('.dragged-wires');
    if (!drawing) return; // not rendered yet: the next frame draws them
    const moved = nodes.map((node) => {
      const position = this.positions.get(node.id);
      return position ? { ...node, position } : node;
    });
    for (const [source, wires] of wiresTouching(doc, moved, blocks, highlighted, fedBy)) {
      for (const path of drawing.querySelectorAll<SVGPathElement>(`path[data-wires-of="${CSS.escape(source)}"]`)) {
        path.setAttribute('d', path.classList.contains('highlighted') ? wires.highlighted : wires.plain);
      }
    }
  }
}
