/**
 * Re-lays out the stored block positions of example flows with the editor's own auto-layout
 * (src/editor/model/laneLayout.ts, ELK in-process instead of in a Web Worker), so the examples
 * open as Auto-layout would draw them: ports in order, no two blocks overlapping.
 *
 * Only the numbers of each block's `"ui": {"x": …, "y": …}` change; the rest of each file stays
 * byte for byte as it was (the script checks that by parsing the result). The block palette (ports
 * of each block type) comes from the Python registry, as the Designer's catalog API serves it.
 *
 * Run: `npm run relayout-examples -- ../../examples/flows/*.json` (from designer_ui/frontend).
 */

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { FlowDocument, PaletteEntry } from '../src/api/types';
import { layoutLanes } from '../src/editor/model/laneLayout';

/** The repository root: npm runs scripts in designer_ui/frontend. */
const ROOT = resolve(process.cwd(), '../..');
const PYTHON = process.env.PYTHON ?? resolve(ROOT, '.venv/bin/python');

function loadPalette(): Map<string, PaletteEntry> {
  const code = 'import json; from designer_ui.api.catalog import palette; print(json.dumps(palette()))';
  const entries = JSON.parse(execFileSync(PYTHON, ['-c', code], { cwd: ROOT, encoding: 'utf8' })) as PaletteEntry[];
  return new Map(entries.map((entry) => [entry.type, entry]));
}

/** Where each block's object starts in the text, in document order. */
function blockStarts(text: string, ids: string[]): number[] {
  let cursor = text.indexOf('"blocks"');
  if (cursor < 0) throw new Error('no "blocks" object');
  return ids.map((id) => {
    const found = text.indexOf(`${JSON.stringify(id)}:`, cursor);
    if (found < 0) throw new Error(`block ${id} not found in the text`);
    cursor = found + 1;
    return found;
  });
}

const UI_OBJECT = /"ui"\s*:\s*\{[^{}]*\}/;

function rewritePositions(text: string, positions: ReadonlyMap<string, { x: number; y: number }>): string {
  const doc = JSON.parse(text) as FlowDocument;
  const ids = Object.keys(doc.blocks);
  const starts = blockStarts(text, ids);
  let out = '';
  let copied = 0;
  ids.forEach((id, index) => {
    const position = positions.get(id);
    if (!position) throw new Error(`no position for block ${id}`);
    const start = starts[index] as number;
    const end = index + 1 < ids.length ? (starts[index + 1] as number) : text.length;
    const match = UI_OBJECT.exec(text.slice(start, end));
    if (!match) throw new Error(`block ${id} has no "ui" object`);
    const uiStart = start + match.index;
    const ui = match[0]
      .replace(/("x"\s*:\s*)-?[\d.]+/, `$1${position.x}`)
      .replace(/("y"\s*:\s*)-?[\d.]+/, `$1${position.y}`);
    out += text.slice(copied, uiStart) + ui;
    copied = uiStart + match[0].length;
  });
  out += text.slice(copied);
  checkOnlyPositionsChanged(doc, JSON.parse(out) as FlowDocument, positions);
  return out;
}

function checkOnlyPositionsChanged(before: FlowDocument, after: FlowDocument, positions: ReadonlyMap<string, { x: number; y: number }>): void {
  const expected = structuredClone(before);
  for (const [id, block] of Object.entries(expected.blocks)) block.ui = { ...block.ui, ...positions.get(id) };
  if (JSON.stringify(expected) !== JSON.stringify(after)) throw new Error('rewriting changed more than block positions');
}

async function main(files: string[]): Promise<void> {
  if (files.length === 0) throw new Error('usage: relayoutExamples FLOW.json…');
  const palette = loadPalette();
  const elk = new ELK();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const doc = JSON.parse(text) as FlowDocument;
    const positions = await layoutLanes(doc, palette, (graph) => elk.layout(graph));
    const updated = rewritePositions(text, positions);
    if (updated !== text) writeFileSync(file, updated);
    console.log(`${file}: ${positions.size} blocks ${updated === text ? 'unchanged' : 'laid out'}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
