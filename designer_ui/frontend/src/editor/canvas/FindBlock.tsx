/** Find a block (Ctrl+F on the canvas): matches label, id, type and the text it shows; Enter or a
 * click centres and selects the block. */

import { useMemo, useState } from 'react';
import type { FlowDocument, PaletteEntry } from '../../api/types';
import { blockSummary } from './blockSummary';

const MAX_RESULTS = 30;

interface FindBlockProps {
  doc: FlowDocument;
  palette: ReadonlyMap<string, PaletteEntry>;
  onPick(id: string): void;
  onClose(): void;
}

export function findBlocks(doc: FlowDocument, palette: ReadonlyMap<string, PaletteEntry>, query: string): string[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  return Object.entries(doc.blocks)
    .filter(([id, block]) => {
      const entry = palette.get(block.type);
      const haystack = [id, block.label ?? '', entry?.label ?? block.type, blockSummary(block, entry), JSON.stringify(block.props ?? {})];
      return haystack.some((text) => text.toLowerCase().includes(needle));
    })
    .map(([id]) => id)
    .slice(0, MAX_RESULTS);
}

export function FindBlock({ doc, palette, onPick, onClose }: FindBlockProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const results = useMemo(() => findBlocks(doc, palette, query), [doc, palette, query]);
  return (
    <div className="find-box" role="search" data-testid="find-block">
      <input
        autoFocus
        placeholder="Find a block: label, text or id"
        aria-label="Find a block"
        data-testid="find-block-input"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
          else if (event.key === 'ArrowDown') setActive((index) => Math.min(index + 1, results.length - 1));
          else if (event.key === 'ArrowUp') setActive((index) => Math.max(index - 1, 0));
          else if (event.key === 'Enter' && results[active]) onPick(results[active]);
          else return;
          event.preventDefault();
        }}
      />
      {query && (
        <ul data-testid="find-block-results">
          {results.length === 0 && <li className="help">No block matches.</li>}
          {results.map((id, index) => (
            <li key={id}>
              <button type="button" className={index === active ? 'active' : ''} data-testid={`find-result-${id}`} onClick={() => onPick(id)}>
                {doc.blocks[id]?.label || id} <span className="help">({id})</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
