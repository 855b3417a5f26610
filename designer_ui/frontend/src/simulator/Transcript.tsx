/** The conversation so far: what the flow said or asked, what the caller answered, other effects. */

import { useEffect, useRef } from 'react';
import type { SimEffect } from '../api/types';
import type { TranscriptEntry } from './useSimulation';

function promptText(effect: SimEffect): string {
  const parts = (effect.prompts ?? []).map((prompt) => prompt.text ?? (prompt.audio ? `[audio ${prompt.audio}]` : ''));
  return parts.filter(Boolean).join(' ');
}

/** A one-line description of an effect that is not speech. */
export function describeEffect(effect: SimEffect): string {
  switch (effect.kind) {
    case 'route':
      return `Route to ${String(effect.target_type ?? '')} ${String(effect.target ?? '')}`;
    case 'transfer':
      return `Transfer to ${String(effect.destination ?? '')}`;
    case 'http':
      return `HTTP ${String(effect.method ?? '')} ${String(effect.url ?? '')}`;
    case 'bot':
      return `Bot ${String(effect.bot ?? '')}${effect.text ? `: “${String(effect.text)}”` : ''}`;
    case 'milestone':
      return `Milestone ${String(effect.name ?? '')}`;
    case 'error':
      return `Error in ${String(effect.block ?? '')}: ${String(effect.message ?? '')}${effect.handled ? ' (error port taken)' : ''}`;
    case 'language':
      return `Language is now ${String(effect.language ?? '')}`;
    case 'callback':
      return `Callback ${String(effect.mode ?? '')} to ${String(effect.number ?? '')}`;
    case 'record':
      return `Recording${promptText(effect) ? `: ${promptText(effect)}` : ''}`;
    case 'disconnect':
      return 'Disconnected';
    case 'end':
      return `Ended${effect.reason ? ` (${String(effect.reason)})` : ''}`;
    default:
      return effect.kind;
  }
}

function EntryView({ entry }: { entry: TranscriptEntry }) {
  if (entry.from === 'caller') {
    return (
      <li className="bubble caller" data-testid="sim-caller">
        {entry.text}
      </li>
    );
  }
  const effect = entry.effect as SimEffect;
  if (effect.kind === 'say' || effect.kind === 'collect') {
    return (
      <li className="bubble flow" data-testid={`sim-${effect.kind}`} data-block={effect.block ?? ''}>
        {promptText(effect) || '(no text)'}
        {effect.reprompt ? <span className="muted"> (after {String(effect.reprompt)})</span> : null}
      </li>
    );
  }
  return (
    <li className={`event ${effect.kind}`} data-testid={`sim-event-${effect.kind}`} data-block={effect.block ?? ''}>
      {describeEffect(effect)}
    </li>
  );
}

export function Transcript({ entries }: { entries: TranscriptEntry[] }) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [entries.length]);
  return (
    <ol className="transcript" ref={list} data-testid="sim-transcript" aria-live="polite">
      {entries.map((entry, index) => (
        <EntryView key={index} entry={entry} />
      ))}
    </ol>
  );
}
