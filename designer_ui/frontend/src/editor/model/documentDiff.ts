/** What differs between two drafts, block by block: for the conflict dialog. */

import type { FlowDocument } from '../../api/types';

export interface DocumentDiff {
  added: string[];
  removed: string[];
  changed: { block: string; fields: string[] }[];
  flowChanged: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Blocks and top-level keys in `theirs` compared with `mine`. */
export function diffDocuments(mine: FlowDocument, theirs: FlowDocument): DocumentDiff {
  const added = Object.keys(theirs.blocks).filter((id) => !mine.blocks[id]);
  const removed = Object.keys(mine.blocks).filter((id) => !theirs.blocks[id]);
  const changed: DocumentDiff['changed'] = [];
  for (const [id, block] of Object.entries(mine.blocks)) {
    const other = theirs.blocks[id];
    if (!other) continue;
    const keys = new Set([...Object.keys(block), ...Object.keys(other)]) as Set<keyof typeof block>;
    const fields = Array.from(keys).filter((key) => !same(block[key], other[key]));
    if (fields.length > 0) changed.push({ block: id, fields });
  }
  const topKeys = new Set([...Object.keys(mine), ...Object.keys(theirs)]) as Set<keyof FlowDocument>;
  const flowChanged = Array.from(topKeys).filter((key) => key !== 'blocks' && !same(mine[key], theirs[key]));
  return { added, removed, changed, flowChanged };
}
