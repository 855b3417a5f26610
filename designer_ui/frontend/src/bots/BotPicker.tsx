/** The `bot` block's bot and ports: pick a registered bot, then tick which of its intents become
 * ports (the rest go to `fallback`). Replaces the generic fields for `bot` and `intents`. */

import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { botsApi, type Bot, type IntentList } from './botsApi';
import './bots.css';

/** The props this picker edits; the generic props form leaves them to it. */
export const BOT_PICKER_KEYS = new Set(['bot', 'intents']);

interface BotPickerProps {
  props: Record<string, unknown>;
  readOnly: boolean;
  onChange(props: Record<string, unknown>, leafPath: string): void;
}

function chosenIntents(props: Record<string, unknown>): string[] {
  return Array.isArray(props.intents) ? props.intents.filter((item): item is string => typeof item === 'string') : [];
}

export function BotPicker({ props, readOnly, onChange }: BotPickerProps) {
  const name = typeof props.bot === 'string' ? props.bot : '';
  const ticked = chosenIntents(props);
  const [bots, setBots] = useState<Bot[] | null>(null);
  const [intents, setIntents] = useState<IntentList | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    botsApi
      .list()
      .then(setBots)
      .catch((caught: unknown) => setError(errorMessage(caught)));
  }, []);

  useEffect(() => {
    let live = true;
    setIntents(null);
    if (!name || !bots?.some((bot) => bot.name === name)) return;
    botsApi
      .intents(name)
      .then((list) => live && setIntents(list))
      .catch((caught: unknown) => live && setError(errorMessage(caught)));
    return () => {
      live = false;
    };
  }, [name, bots]);

  const missing = Boolean(name && bots && !bots.some((bot) => bot.name === name));
  const known = intents?.intents ?? [];
  const unknownTicked = ticked.filter((intent) => !known.some((item) => item.name === intent));
  const setTicked = (next: string[]) => onChange({ ...props, intents: next }, 'intents');
  const toggle = (intent: string, on: boolean) => {
    const order = [...known.map((item) => item.name), ...unknownTicked];
    const chosen = new Set(on ? [...ticked, intent] : ticked.filter((item) => item !== intent));
    setTicked(order.filter((item) => chosen.has(item)));
  };

  return (
    <fieldset className="bot-picker" data-testid="bot-picker">
      <legend>Bot</legend>
      <label className="schema-field">
        <span className="field-label">
          Bot from the <a href="#/bots">Bot Registry</a>
          <span className="required"> *</span>
        </span>
        <select data-testid="bot-picker-select" value={name} disabled={readOnly} onChange={(event) => onChange({ ...props, bot: event.target.value }, 'bot')}>
          <option value="">— choose a bot —</option>
          {missing && <option value={name}>{name} (not in the registry)</option>}
          {(bots ?? []).map((bot) => (
            <option key={bot.name} value={bot.name}>
              {bot.name} ({bot.provider})
            </option>
          ))}
        </select>
      </label>
      {error && <p className="field-error">{error}</p>}
      {missing && (
        <p className="field-error" data-testid="bot-picker-missing">
          '{name}' is not in the Bot Registry.
        </p>
      )}
      {(intents || missing) && (
        <>
          <span className="field-label">Intents that become ports</span>
          {known.length === 0 && <p className="muted">This bot declares no intents; add them in the Bot Registry.</p>}
          <ul className="bot-picker-intents" data-testid="bot-picker-intents">
            {known.map((intent) => (
              <li key={intent.name}>
                <label className="inline">
                  <input
                    type="checkbox"
                    data-testid={`bot-intent-${intent.name}`}
                    checked={ticked.includes(intent.name)}
                    disabled={readOnly}
                    onChange={(event) => toggle(intent.name, event.target.checked)}
                  />
                  {intent.name}
                  {intent.slots.length > 0 && <span className="slots">slots: {intent.slots.map((slot) => slot.name).join(', ')}</span>}
                </label>
              </li>
            ))}
            {unknownTicked.map((intent) => (
              <li key={intent} className="missing">
                <label className="inline">
                  <input type="checkbox" data-testid={`bot-intent-${intent}`} checked disabled={readOnly} onChange={() => toggle(intent, false)} />
                  {intent} (not an intent of this bot)
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </fieldset>
  );
}
