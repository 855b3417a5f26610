/** Lists and maps in a props schema: add, remove and reorder items; edit keys and values. */

import { useContext, useState } from 'react';
import { defaultFor } from '../model/schemaDefaults';
import { itemPath } from './fieldLabels';
import { FieldContext, SchemaValue, type FieldProps } from './SchemaField';

export function ArrayField({ schema, value, path, onChange }: FieldProps) {
  const { readOnly } = useContext(FieldContext);
  const items = Array.isArray(value) ? value : [];
  const itemSchema = schema.items ?? {};
  const atMax = schema.maxItems !== undefined && items.length >= schema.maxItems;
  const atMin = schema.minItems !== undefined && items.length <= schema.minItems;

  const replace = (index: number, next: unknown, leaf: string) => {
    const updated = items.slice();
    updated[index] = next;
    onChange(updated, leaf);
  };
  const move = (index: number, by: number) => {
    const updated = items.slice();
    const [item] = updated.splice(index, 1);
    updated.splice(index + by, 0, item);
    onChange(updated, path);
  };

  return (
    <div className="array-field" data-testid={`array-${path}`}>
      {items.map((item, index) => (
        <div key={index} className="array-item">
          <div className="array-item-body">
            <SchemaValue schema={itemSchema} value={item} path={itemPath(path, index)} onChange={(next, leaf) => replace(index, next, leaf)} />
          </div>
          {!readOnly && (
            <div className="array-item-tools">
              <button type="button" className="icon" aria-label={`Move item ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                ↑
              </button>
              <button
                type="button"
                className="icon"
                aria-label={`Move item ${index + 1} down`}
                disabled={index === items.length - 1}
                onClick={() => move(index, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="icon"
                aria-label={`Remove item ${index + 1}`}
                data-testid={`remove-${itemPath(path, index)}`}
                disabled={atMin}
                onClick={() => onChange(items.filter((_, i) => i !== index), path)}
              >
                ×
              </button>
            </div>
          )}
        </div>
      ))}
      {!readOnly && (
        <button
          type="button"
          className="add-item"
          data-testid={`add-${path}`}
          disabled={atMax}
          onClick={() => onChange([...items, defaultFor(itemSchema, '', items.length)], itemPath(path, items.length))}
        >
          + Add
        </button>
      )}
    </div>
  );
}

export function DictField({ schema, value, path, onChange }: FieldProps) {
  const { readOnly } = useContext(FieldContext);
  const record = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const valueSchema = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : {};
  const [newKey, setNewKey] = useState('');
  const entries = Object.entries(record);

  const renameKey = (from: string, to: string) => {
    if (!to || (to !== from && to in record)) return;
    onChange(Object.fromEntries(entries.map(([k, v]) => [k === from ? to : k, v])), `${path}.${to}`);
  };

  return (
    <div className="dict-field" data-testid={`dict-${path}`}>
      {entries.map(([key, item]) => (
        <div key={key} className="dict-row">
          <input
            className="dict-key"
            aria-label="Name"
            defaultValue={key}
            readOnly={readOnly}
            onBlur={(event) => renameKey(key, event.target.value.trim())}
          />
          <SchemaValue
            schema={valueSchema}
            value={item}
            path={`${path}.${key}`}
            onChange={(next, leaf) => onChange({ ...record, [key]: next }, leaf)}
          />
          {!readOnly && (
            <button
              type="button"
              className="icon"
              aria-label={`Remove ${key}`}
              onClick={() => onChange(Object.fromEntries(entries.filter(([k]) => k !== key)), path)}
            >
              ×
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <div className="dict-row">
          <input
            className="dict-key"
            placeholder="new name"
            aria-label="New name"
            data-testid={`dict-new-${path}`}
            value={newKey}
            onChange={(event) => setNewKey(event.target.value)}
          />
          <button
            type="button"
            data-testid={`dict-add-${path}`}
            disabled={!newKey.trim() || newKey.trim() in record}
            onClick={() => {
              onChange({ ...record, [newKey.trim()]: defaultFor(valueSchema) ?? '' }, `${path}.${newKey.trim()}`);
              setNewKey('');
            }}
          >
            + Add
          </button>
        </div>
      )}
    </div>
  );
}
