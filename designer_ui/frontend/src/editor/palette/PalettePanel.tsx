/** The block palette: grouped by category, searchable; drag an entry onto the canvas (or press
 * Enter). It offers only the blocks the flow's kind may hold (an in-queue flow has no route or
 * transfer, an outbound flow no callback, only modules have module-only blocks). */

import { memo, useMemo, useState, type DragEvent } from 'react';
import type { Channel, FlowKind, PaletteEntry } from '../../api/types';
import { iconGlyph } from '../canvas/blockIcons';
import { PALETTE_DRAG_TYPE } from '../canvas/FlowCanvas';

interface PalettePanelProps {
  entries: PaletteEntry[];
  channels: Channel[];
  kind: FlowKind;
  readOnly: boolean;
  onAdd(type: string): void;
}

function matches(entry: PaletteEntry, query: string): boolean {
  if (!query) return true;
  const text = `${entry.label} ${entry.type} ${entry.category} ${entry.help}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => text.includes(word));
}

function allowedIn(entry: PaletteEntry, kind: FlowKind): boolean {
  if (entry.flow_kinds) return entry.flow_kinds.includes(kind);
  return !entry.module_only || kind === 'module';
}

function PalettePanelView({ entries, channels, kind, readOnly, onAdd }: PalettePanelProps) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const byCategory = new Map<string, PaletteEntry[]>();
    for (const entry of entries) {
      if (!allowedIn(entry, kind)) continue;
      if (!matches(entry, query.trim())) continue;
      const list = byCategory.get(entry.category) ?? [];
      list.push(entry);
      byCategory.set(entry.category, list);
    }
    return Array.from(byCategory.entries());
  }, [entries, query, kind]);

  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(PALETTE_DRAG_TYPE, type);
    event.dataTransfer.setData('text/plain', type);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <aside className="palette" aria-label="Block palette" data-testid="palette">
      <input
        type="search"
        placeholder="Search blocks"
        aria-label="Search blocks"
        data-testid="palette-search"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {groups.length === 0 && <p className="empty">No block matches.</p>}
      {groups.map(([category, list]) => (
        <section key={category} className="palette-group" data-testid={`palette-group-${category}`}>
          <h3>{category}</h3>
          <ul>
            {list.map((entry) => {
              const unsupported = !channels.some((channel) => entry.channels.includes(channel));
              return (
                <li
                  key={entry.type}
                  className={unsupported ? 'palette-item unsupported' : 'palette-item'}
                  data-testid={`palette-${entry.type}`}
                  draggable={!readOnly}
                  tabIndex={0}
                  role="button"
                  aria-disabled={readOnly}
                  aria-label={`Add ${entry.label}`}
                  title={`${entry.help}\nPhases: ${entry.phases.join(', ')}\nChannels: ${entry.channels.join(', ')}`}
                  onDragStart={(event) => onDragStart(event, entry.type)}
                  onDoubleClick={() => !readOnly && onAdd(entry.type)}
                  onKeyDown={(event) => {
                    if ((event.key === 'Enter' || event.key === ' ') && !readOnly) {
                      event.preventDefault();
                      onAdd(entry.type);
                    }
                  }}
                >
                  <span className="palette-icon" style={{ background: entry.color }} aria-hidden="true">
                    {iconGlyph(entry.icon, entry.label)}
                  </span>
                  <span>{entry.label}</span>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </aside>
  );
}

export const PalettePanel = memo(PalettePanelView);
