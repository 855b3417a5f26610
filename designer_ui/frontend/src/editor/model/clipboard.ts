/** Copy and paste of blocks: edges among the copied blocks are kept, ids made unique. */

import type { FlowBlock, FlowDocument } from '../../api/types';
import { newBlockId } from './documentOps';

export interface ClipboardContent {
  kind: 'designer-blocks';
  blocks: Record<string, FlowBlock>;
}

export function copyBlocks(doc: FlowDocument, ids: Iterable<string>): ClipboardContent {
  const blocks: Record<string, FlowBlock> = {};
  for (const id of ids) {
    const block = doc.blocks[id];
    if (block) blocks[id] = structuredClone(block);
  }
  return { kind: 'designer-blocks', blocks };
}

export function parseClipboard(text: string): ClipboardContent | null {
  try {
    const value = JSON.parse(text) as ClipboardContent;
    return value && value.kind === 'designer-blocks' && typeof value.blocks === 'object' ? value : null;
  } catch {
    return null;
  }
}

/** The blocks to add for a paste, renamed, shifted by `offset`; returns them and their new ids. */
export function pastedBlocks(doc: FlowDocument, content: ClipboardContent, offset: number) {
  const renamed = new Map<string, string>();
  const taken = new Set<string>();
  for (const [id, block] of Object.entries(content.blocks)) {
    const fresh = doc.blocks[id] || taken.has(id) ? newBlockId(doc, block.type, taken) : id;
    renamed.set(id, fresh);
    taken.add(fresh);
  }
  const added: Record<string, FlowBlock> = {};
  for (const [id, block] of Object.entries(content.blocks)) {
    const next = Object.fromEntries(
      Object.entries(block.next ?? {})
        .filter(([, target]) => renamed.has(target))
        .map(([port, target]) => [port, renamed.get(target) as string]),
    );
    const ui = { ...block.ui, x: (block.ui?.x ?? 0) + offset, y: (block.ui?.y ?? 0) + offset };
    added[renamed.get(id) as string] = { ...structuredClone(block), ui, next };
  }
  return { added, ids: Array.from(renamed.values()) };
}
