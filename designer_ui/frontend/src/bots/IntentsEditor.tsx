/** The intents a Lex or Dialogflow bot has, declared by hand (their runtime APIs cannot list them). */

import type { DeclaredIntent } from './botsApi';

interface IntentsEditorProps {
  intents: DeclaredIntent[];
  readOnly: boolean;
  onChange(intents: DeclaredIntent[]): void;
}

function slotsText(intent: DeclaredIntent): string {
  return intent.slots.map((slot) => slot.name).join(', ');
}

function slotsFrom(text: string): DeclaredIntent['slots'] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => ({ name }));
}

export function IntentsEditor({ intents, readOnly, onChange }: IntentsEditorProps) {
  const change = (index: number, intent: DeclaredIntent) => onChange(intents.map((item, at) => (at === index ? intent : item)));
  return (
    <fieldset className="bot-intents" data-testid="bot-intents">
      <legend>Intents (become the bot block's ports)</legend>
      {intents.length === 0 && <p className="muted">No intents declared yet.</p>}
      {intents.map((intent, index) => (
        <div key={index} className="bot-intent-row">
          <input
            aria-label={`Intent ${index + 1} name`}
            data-testid={`bot-intent-name-${index}`}
            placeholder="Intent name"
            value={intent.name}
            readOnly={readOnly}
            onChange={(event) => change(index, { ...intent, name: event.target.value })}
          />
          <input
            aria-label={`Intent ${index + 1} slots`}
            data-testid={`bot-intent-slots-${index}`}
            placeholder="slots, comma-separated"
            defaultValue={slotsText(intent)}
            readOnly={readOnly}
            onBlur={(event) => change(index, { ...intent, slots: slotsFrom(event.target.value) })}
          />
          {!readOnly && (
            <button type="button" className="icon" aria-label={`Remove intent ${intent.name}`} onClick={() => onChange(intents.filter((_, at) => at !== index))}>
              ×
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <button type="button" data-testid="bot-intent-add" onClick={() => onChange([...intents, { name: '', slots: [] }])}>
          + Intent
        </button>
      )}
    </fieldset>
  );
}
