/** The one line a block shows under its header, so the canvas says what each block does: the
 * first prompt's text, the URL, the conditions, the queue, the variables set. The block type
 * marks which property it is (`summary` in its palette fields). */

import type { FlowBlock, PaletteEntry } from '../../api/types';

const MAX_LENGTH = 80;

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_LENGTH ? `${flat.slice(0, MAX_LENGTH - 1)}…` : flat;
}

function promptText(prompt: unknown): string {
  if (typeof prompt === 'string') return prompt;
  if (!prompt || typeof prompt !== 'object') return '';
  const record = prompt as Record<string, unknown>;
  for (const key of ['tts', 'text', 'expression', 'audio', 'prompt', 'announcement', 'value']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return key === 'text' || key === 'tts' ? value : `${key}: ${value}`;
    if (value && typeof value === 'object') {
      const first = Object.values(value as Record<string, unknown>).find((item) => typeof item === 'string');
      if (typeof first === 'string') return first;
    }
  }
  return '';
}

function itemText(item: unknown): string {
  if (typeof item === 'string') return item;
  if (!item || typeof item !== 'object') return '';
  const record = item as Record<string, unknown>;
  if (typeof record.variable === 'string') return `${record.variable} = ${String(record.expression ?? '')}`;
  if (typeof record.name === 'string' && typeof record.expression === 'string') return `${record.name}: ${record.expression}`;
  if (typeof record.id === 'string') return record.id;
  return promptText(item);
}

function valueText(name: string, value: unknown): string {
  if (value == null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (name.endsWith('prompts') || name === 'prompts') return promptText(value[0]);
    return value.map(itemText).filter(Boolean).join('; ');
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.queue === 'string') return `queue ${record.queue}`;
    if (typeof record.agent === 'string') return `agent ${record.agent}`;
    return Object.keys(record).join(', ');
  }
  return '';
}

export function blockSummary(block: FlowBlock, entry: PaletteEntry | undefined): string {
  const field = entry?.fields?.find((info) => info.summary);
  if (!field) return '';
  return short(valueText(field.name, block.props?.[field.name]));
}
