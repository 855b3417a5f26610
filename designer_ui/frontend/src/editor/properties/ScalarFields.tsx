/** Numbers, free JSON values and one-of choices (prompt items) in the property panel. */

import { useContext, useEffect, useState } from 'react';
import type { JsonSchema } from '../../api/types';
import { defaultFor } from '../model/schemaDefaults';
import { FieldContext, SchemaValue, type FieldProps } from './SchemaField';

export function NumberField({ schema, value, path, onChange }: FieldProps) {
  const { readOnly } = useContext(FieldContext);
  const [text, setText] = useState(value === undefined || value === null ? '' : String(value));
  useEffect(() => {
    setText((current) => (Number(current) === value ? current : value === undefined || value === null ? '' : String(value)));
  }, [value]);
  const integer = schema.type === 'integer';
  return (
    <input
      type="number"
      data-testid={`field-${path}`}
      value={text}
      readOnly={readOnly}
      min={schema.minimum}
      max={schema.maximum}
      step={integer ? 1 : 'any'}
      onChange={(event) => {
        setText(event.target.value);
        if (event.target.value === '') onChange(undefined, path);
        else {
          const parsed = Number(event.target.value);
          if (Number.isFinite(parsed)) onChange(integer ? Math.trunc(parsed) : parsed, path);
        }
      }}
    />
  );
}

export function JsonField({ value, path, onChange }: FieldProps) {
  const { readOnly } = useContext(FieldContext);
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 1));
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="json-field">
      <textarea
        data-testid={`field-${path}`}
        className={error ? 'invalid mono' : 'mono'}
        rows={3}
        value={text}
        readOnly={readOnly}
        spellCheck={false}
        onChange={(event) => {
          setText(event.target.value);
          try {
            onChange(JSON.parse(event.target.value), path);
            setError(null);
          } catch (caught) {
            setError(caught instanceof Error ? caught.message : 'Not valid JSON');
          }
        }}
      />
      {error && <div className="field-error">{error}</div>}
    </div>
  );
}

/** The option of a oneOf whose required keys the value has (prompt items: tts, audio, prompt, value). */
function chosenOption(options: JsonSchema[], value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  const keys = Object.keys(value);
  const index = options.findIndex((option) => (option.required ?? []).every((key) => keys.includes(key)));
  return index < 0 ? 0 : index;
}

function optionName(option: JsonSchema, index: number): string {
  return option.required?.[0] ?? Object.keys(option.properties ?? {})[0] ?? `option ${index + 1}`;
}

const OPTION_LABELS: Record<string, string> = { tts: 'Text', audio: 'Audio', prompt: 'Library prompt', value: 'Value' };

export function OneOfField({ schema, value, path, onChange }: FieldProps) {
  const { readOnly } = useContext(FieldContext);
  const options = schema.oneOf ?? [];
  const index = chosenOption(options, value);
  const option = options[index] ?? {};
  return (
    <div className="oneof-field">
      <select
        aria-label="Kind"
        data-testid={`kind-${path}`}
        value={index}
        disabled={readOnly}
        onChange={(event) => onChange(defaultFor(options[Number(event.target.value)] ?? {}), path)}
      >
        {options.map((candidate, i) => {
          const name = optionName(candidate, i);
          return (
            <option key={i} value={i}>
              {OPTION_LABELS[name] ?? name}
            </option>
          );
        })}
      </select>
      <SchemaValue schema={option} value={value} path={path} onChange={onChange} />
    </div>
  );
}
