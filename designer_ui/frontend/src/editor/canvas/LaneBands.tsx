/** The four phases drawn as horizontal lanes behind the blocks each one reaches. */

import { ViewportPortal } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { PHASE_LABELS, PHASES, type FlowDocument, type PaletteEntry, type Phase } from '../../api/types';
import { NODE_WIDTH, nodeHeight } from '../model/geometry';
import type { LaneMap } from '../model/lanes';
import { portsOf } from '../model/ports';

const PAD = 36;
const TITLE_SPACE = 40;

interface Band {
  phase: Phase;
  left: number;
  top: number;
  width: number;
  height: number;
  entryLabel: string;
}

function computeBands(doc: FlowDocument, lanes: LaneMap, palette: ReadonlyMap<string, PaletteEntry>): Band[] {
  const boxes = new Map<Phase, { minX: number; minY: number; maxX: number; maxY: number }>();
  for (const [id, block] of Object.entries(doc.blocks)) {
    const lane = lanes.get(id);
    if (!lane) continue;
    const x = block.ui?.x ?? 0;
    const y = block.ui?.y ?? 0;
    const bottom = y + nodeHeight(portsOf(block, palette.get(block.type)).length);
    const box = boxes.get(lane);
    if (!box) boxes.set(lane, { minX: x, minY: y, maxX: x + NODE_WIDTH, maxY: bottom });
    else {
      box.minX = Math.min(box.minX, x);
      box.minY = Math.min(box.minY, y);
      box.maxX = Math.max(box.maxX, x + NODE_WIDTH);
      box.maxY = Math.max(box.maxY, bottom);
    }
  }
  const left = Math.min(...Array.from(boxes.values(), (box) => box.minX)) - PAD;
  const right = Math.max(...Array.from(boxes.values(), (box) => box.maxX), 600) + PAD;
  return PHASES.flatMap((phase) => {
    const box = boxes.get(phase);
    if (!box) return [];
    const entry = doc.phases[phase];
    const entryBlock = entry ? doc.blocks[entry] : undefined;
    return [{
      phase,
      left,
      top: box.minY - PAD - TITLE_SPACE,
      width: right - left,
      height: box.maxY - box.minY + 2 * PAD + TITLE_SPACE,
      entryLabel: entryBlock ? entryBlock.label || entry || '' : '',
    }];
  });
}

function LaneBandsView({ doc, lanes, palette }: { doc: FlowDocument; lanes: LaneMap; palette: ReadonlyMap<string, PaletteEntry> }) {
  const bands = useMemo(() => computeBands(doc, lanes, palette), [doc.blocks, doc.phases, lanes, palette]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <ViewportPortal>
      {bands.map((band) => (
        <div
          key={band.phase}
          className={`lane-band lane-${band.phase}`}
          data-testid={`lane-${band.phase}`}
          style={{ transform: `translate(${band.left}px, ${band.top}px)`, width: band.width, height: band.height }}
        >
          <span className="lane-title">{PHASE_LABELS[band.phase]}</span>
          {band.entryLabel && <span className="lane-entry">entry: {band.entryLabel}</span>}
        </div>
      ))}
    </ViewportPortal>
  );
}

export const LaneBands = memo(LaneBandsView);
