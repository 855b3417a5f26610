/** One property, drawn from its JSON Schema: dispatches to the editor that fits the schema's shape. */

import { createContext, useContext } from 'react';
import type { JsonSchema, Problem } from '../../api/types';
import { nullableInner, schemaTypeOf } from '../model/schemaDefaults';
import { ArrayField, DictField } from './CollectionFields';
import { ExpressionInput } from './ExpressionInput';
import { childPath, humanize } from './fieldLabels';
import { JsonField, NumberField, OneOfField } from './ScalarFields';
import { TimeZoneSelect } from './TimeZoneSelect';
import { WeeklyScheduleField } from './WeeklyScheduleField';

export interface FieldContextValue {
  readOnly: boolean;
  problems: readonly Problem[];
}

export const FieldContext = createContext<FieldContextValue>({ readOnly: false, problems: [] });

export interface FieldProps {
  schema: JsonSchema;
  value: unknown;
  path: string;
  onChange(value: unknown, leafPath: string): void;
}

/** The saved draft's problems at this path; a syntax error in an expression field is left out,
 * because the field itself shows it, with a caret, as the user types. */
function FieldProblems({ path, isExpression }: { path: string; isExpression: boolean }) {
  const { problems } = useContext(FieldContext);
  const here = problems.filter((problem) => problem.path === path && !(isExpression && problem.column));
  if (here.length === 0) return null;
  return (
    <ul className="field-problems" data-testid={`field-problems-${path}`}>
      {here.map((problem, index) => (
        <li key={index} className={problem.severity}>
          {problem.column ? `Column ${problem.column}: ` : ''}
          {problem.message}
        </li>
      ))}
    </ul>
  );
}

function StringInput({ schema, value, path, onChange }: FieldProps) {
  const { readOnly } = useContext(FieldContext);
  const text = typeof value === 'string' ? value : value == null ? '' : String(value);
  const kind = schema['x-designer-kind'];
  if (kind) return <ExpressionInput kind={kind} value={text} path={path} readOnly={readOnly} onChange={(v) => onChange(v, path)} />;
  if (schema.enum) {
    return (
      <select data-testid={`field-${path}`} value={text} disabled={readOnly} onChange={(event) => onChange(event.target.value, path)}>
        {!schema.enum.includes(text) && <option value={text}>{text || '—'}</option>}
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  }
  return <input data-testid={`field-${path}`} value={text} readOnly={readOnly} onChange={(event) => onChange(event.target.value, path)} />;
}

function NullableField({ inner, value, path, onChange }: FieldProps & { inner: JsonSchema }) {
  const { readOnly } = useContext(FieldContext);
  if (schemaTypeOf(inner) === 'string' && !inner.enum) {
    // An empty text box means "not set".
    return (
      <StringInput
        schema={inner}
        value={value ?? ''}
        path={path}
        onChange={(next, leaf) => onChange(next === '' && !inner['x-designer-kind'] ? null : next, leaf)}
      />
    );
  }
  const isSet = value !== null && value !== undefined;
  return (
    <div className="nullable-field">
      <label className="inline">
        <input
          type="checkbox"
          checked={isSet}
          disabled={readOnly}
          data-testid={`field-set-${path}`}
          onChange={(event) => onChange(event.target.checked ? (schemaTypeOf(inner) === 'object' ? {} : '') : null, path)}
        />
        set
      </label>
      {isSet && <SchemaValue schema={inner} value={value} path={path} onChange={onChange} />}
    </div>
  );
}

function ObjectField({ schema, value, path, onChange }: FieldProps) {
  const record = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const required = new Set(schema.required ?? []);
  return (
    <div className="object-field">
      {Object.entries(schema.properties ?? {}).map(([key, property]) => (
        <SchemaField
          key={key}
          name={key}
          required={required.has(key)}
          schema={property}
          value={record[key]}
          path={childPath(path, key)}
          onChange={(next, leaf) => {
            const updated = { ...record };
            if (next === undefined) delete updated[key];
            else updated[key] = next;
            onChange(updated, leaf);
          }}
        />
      ))}
    </div>
  );
}

/** The editor for a value, without a label. */
export function SchemaValue(props: FieldProps) {
  const { schema, value, path, onChange } = props;
  const { readOnly } = useContext(FieldContext);
  const inner = nullableInner(schema);
  if (inner) return <NullableField {...props} inner={inner} />;
  if (schema.oneOf) return <OneOfField {...props} />;
  if (schema.enum) return <StringInput {...props} />;
  switch (schemaTypeOf(schema)) {
    case 'string':
      return <StringInput {...props} />;
    case 'integer':
    case 'number':
      return <NumberField {...props} />;
    case 'boolean':
      return (
        <input
          type="checkbox"
          data-testid={`field-${path}`}
          checked={value === true}
          disabled={readOnly}
          onChange={(event) => onChange(event.target.checked, path)}
        />
      );
    case 'array':
      return <ArrayField {...props} />;
    case 'object':
      if (schema.properties) return <ObjectField {...props} />;
      return <DictField {...props} />;
    default:
      return <JsonField {...props} />;
  }
}

interface SchemaFieldProps extends FieldProps {
  name: string;
  required: boolean;
  /** The block type's own label and help; without them the property name is humanized. */
  label?: string;
  help?: string;
  widget?: string;
}

function FieldEditor(props: SchemaFieldProps) {
  const { readOnly } = useContext(FieldContext);
  if (props.widget === 'timezone') {
    return (
      <TimeZoneSelect value={typeof props.value === 'string' ? props.value : null} path={props.path} readOnly={readOnly}
        onChange={(zone) => props.onChange(zone, props.path)} />
    );
  }
  if (props.widget === 'weekly_schedule') return <WeeklyScheduleField {...props} schema={nullableInner(props.schema) ?? props.schema} />;
  return <SchemaValue {...props} />;
}

export function SchemaField(props: SchemaFieldProps) {
  const { name, required, schema, path, label, help } = props;
  return (
    <div className="schema-field" data-field={path}>
      <label className="field-label" title={help || schema.description}>
        {label || humanize(name)}
        {required && <span className="required" aria-label="required"> *</span>}
      </label>
      {help && <p className="field-help">{help}</p>}
      <FieldEditor {...props} />
      <FieldProblems path={path} isExpression={!!schema['x-designer-kind']} />
    </div>
  );
}
