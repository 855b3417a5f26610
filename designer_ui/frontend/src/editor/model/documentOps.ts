/**
 * Pure edits of a flow document. Each returns a new document and keeps every untouched block
 * object identical, so the canvas re-renders only the blocks an edit changed.
 */

import type { FlowBlock, FlowDocument, PaletteEntry, Phase } from '../../api/types';
import { requiredDefaults } from './schemaDefaults';

export type DocEdit = (doc: FlowDocument) => FlowDocument;

const BLOCK_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export function isValidBlockId(id: string): boolean {
  return BLOCK_ID.test(id);
}

export function newBlockId(doc: FlowDocument, type: string, taken: ReadonlySet<string> = new Set()): string {
  const base = type.replace(/[^A-Za-z0-9_]/g, '_') || 'block';
  for (let n = 1; ; n += 1) {
    const id = `${base}_${n}`;
    if (!doc.blocks[id] && !taken.has(id)) return id;
  }
}

function withBlocks(doc: FlowDocument, blocks: Record<string, FlowBlock>): FlowDocument {
  return { ...doc, blocks };
}

export function addBlock(id: string, entry: PaletteEntry, position: { x: number; y: number }): DocEdit {
  return (doc) => {
    const block: FlowBlock = {
      type: entry.type,
      label: entry.label,
      ui: { x: Math.round(position.x), y: Math.round(position.y) },
      props: requiredDefaults(entry.props_schema),
      next: {},
    };
    const phases = Object.keys(doc.blocks).length === 0 && !doc.phases.self_service
      ? { ...doc.phases, self_service: id }
      : doc.phases;
    return { ...doc, phases, blocks: { ...doc.blocks, [id]: block } };
  };
}

export function moveBlocks(positions: ReadonlyMap<string, { x: number; y: number }>): DocEdit {
  return (doc) => {
    const blocks = { ...doc.blocks };
    for (const [id, position] of positions) {
      const block = blocks[id];
      if (!block) continue;
      blocks[id] = { ...block, ui: { ...block.ui, x: Math.round(position.x), y: Math.round(position.y) } };
    }
    return withBlocks(doc, blocks);
  };
}

export function connect(source: string, port: string, target: string): DocEdit {
  return (doc) => {
    const block = doc.blocks[source];
    if (!block || !doc.blocks[target]) return doc;
    return withBlocks(doc, { ...doc.blocks, [source]: { ...block, next: { ...block.next, [port]: target } } });
  };
}

export function disconnect(source: string, port: string): DocEdit {
  return (doc) => {
    const block = doc.blocks[source];
    if (!block?.next || !(port in block.next)) return doc;
    const next = { ...block.next };
    delete next[port];
    return withBlocks(doc, { ...doc.blocks, [source]: { ...block, next } });
  };
}

/** Remove blocks, the edges into them and any phase entry that named them. */
export function deleteBlocks(ids: ReadonlySet<string>): DocEdit {
  return (doc) => {
    const blocks: Record<string, FlowBlock> = {};
    for (const [id, block] of Object.entries(doc.blocks)) {
      if (ids.has(id)) continue;
      const next = block.next ?? {};
      const dangling = Object.entries(next).filter(([, target]) => ids.has(target));
      if (dangling.length === 0) {
        blocks[id] = block;
      } else {
        blocks[id] = { ...block, next: Object.fromEntries(Object.entries(next).filter(([, t]) => !ids.has(t))) };
      }
    }
    const phases = Object.fromEntries(Object.entries(doc.phases).filter(([, entry]) => !ids.has(entry ?? '')));
    return { ...doc, phases, blocks };
  };
}

export function updateBlock(id: string, change: (block: FlowBlock) => FlowBlock): DocEdit {
  return (doc) => {
    const block = doc.blocks[id];
    if (!block) return doc;
    return withBlocks(doc, { ...doc.blocks, [id]: change(block) });
  };
}

export function setBlockProps(id: string, props: Record<string, unknown>): DocEdit {
  return updateBlock(id, (block) => ({ ...block, props }));
}

export function setBlockLabel(id: string, label: string): DocEdit {
  return updateBlock(id, (block) => ({ ...block, label }));
}

/** Rename a block, rewriting every edge and phase entry that names it. */
export function renameBlock(from: string, to: string): DocEdit {
  return (doc) => {
    if (from === to || !doc.blocks[from] || doc.blocks[to] || !isValidBlockId(to)) return doc;
    const blocks: Record<string, FlowBlock> = {};
    for (const [id, block] of Object.entries(doc.blocks)) {
      const next = block.next ?? {};
      const refers = Object.values(next).includes(from);
      const updated = refers
        ? { ...block, next: Object.fromEntries(Object.entries(next).map(([p, t]) => [p, t === from ? to : t])) }
        : block;
      blocks[id === from ? to : id] = updated;
    }
    const phases = Object.fromEntries(Object.entries(doc.phases).map(([p, e]) => [p, e === from ? to : e]));
    return { ...doc, phases, blocks };
  };
}

export function setPhaseEntry(phase: Phase, blockId: string | null): DocEdit {
  return (doc) => {
    const phases = { ...doc.phases };
    for (const key of Object.keys(phases) as Phase[]) {
      if (blockId && phases[key] === blockId) delete phases[key];
    }
    if (blockId) phases[phase] = blockId;
    else delete phases[phase];
    return { ...doc, phases };
  };
}

export function replaceBlocks(added: Record<string, FlowBlock>): DocEdit {
  return (doc) => withBlocks(doc, { ...doc.blocks, ...added });
}

export function setFlowFields(fields: Partial<FlowDocument>): DocEdit {
  return (doc) => ({ ...doc, ...fields });
}
