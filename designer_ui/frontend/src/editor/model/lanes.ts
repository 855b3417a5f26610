/** Which phase each block belongs to: the first phase (in order) whose entry reaches it. */

import { PHASES, type FlowDocument, type Phase } from '../../api/types';

export type LaneMap = ReadonlyMap<string, Phase>;

export function computeLanes(doc: FlowDocument): LaneMap {
  const lanes = new Map<string, Phase>();
  for (const phase of PHASES) {
    const entry = doc.phases[phase];
    if (!entry || !doc.blocks[entry]) continue;
    const queue: string[] = [entry];
    while (queue.length > 0) {
      const id = queue.shift() as string;
      if (lanes.has(id)) continue;
      lanes.set(id, phase);
      for (const target of Object.values(doc.blocks[id]?.next ?? {})) {
        if (doc.blocks[target] && !lanes.has(target)) queue.push(target);
      }
    }
  }
  return lanes;
}

/** The phase a block is the entry of, if any. */
export function entryPhaseOf(doc: FlowDocument, blockId: string): Phase | null {
  for (const phase of PHASES) if (doc.phases[phase] === blockId) return phase;
  return null;
}
