/** The flow's user variables: name, type, default (JSON), secure, description. */

import { useState } from 'react';
import type { FlowDocument, FlowVariable } from '../../api/types';
import { setFlowFields } from '../model/documentOps';
import type { DocumentStore } from '../store/documentStore';

const TYPES = ['string', 'number', 'boolean', 'object', 'array', 'any'];
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;

function DefaultInput({ value, readOnly, onChange, name }: { value: unknown; readOnly: boolean; onChange(value: unknown): void; name: string }) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null));
  const [invalid, setInvalid] = useState(false);
  return (
    <input
      className={invalid ? 'mono invalid' : 'mono'}
      aria-label={`Default of ${name}`}
      data-testid={`variable-default-${name}`}
      value={text}
      readOnly={readOnly}
      onChange={(event) => {
        setText(event.target.value);
        try {
          onChange(JSON.parse(event.target.value));
          setInvalid(false);
        } catch {
          setInvalid(true);
        }
      }}
    />
  );
}

export function VariablesEditor({ store, doc, readOnly }: { store: DocumentStore; doc: FlowDocument; readOnly: boolean }) {
  const variables = doc.variables ?? {};
  const [newName, setNewName] = useState('');
  const update = (name: string, change: Partial<FlowVariable>, key?: string) =>
    store.apply(setFlowFields({ variables: { ...variables, [name]: { ...variables[name], ...change } } }), key ? { coalesceKey: key } : {});
  const remove = (name: string) => {
    const rest = { ...variables };
    delete rest[name];
    store.apply(setFlowFields({ variables: rest }));
  };
  const nameValid = IDENTIFIER.test(newName) && !(newName in variables);

  return (
    <section className="variables-editor" data-testid="variables-editor">
      <table className="data-table compact">
        <thead>
          <tr>
            <th>Name</th>
            <th>Type</th>
            <th>Default</th>
            <th>Secure</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {Object.entries(variables).map(([name, variable]) => (
            <tr key={name} data-testid={`variable-${name}`}>
              <td className="mono">{name}</td>
              <td>
                <select aria-label={`Type of ${name}`} value={variable.type ?? 'any'} disabled={readOnly} onChange={(event) => update(name, { type: event.target.value })}>
                  {TYPES.map((type) => (
                    <option key={type}>{type}</option>
                  ))}
                </select>
              </td>
              <td>
                <DefaultInput name={name} value={variable.default} readOnly={readOnly} onChange={(value) => update(name, { default: value }, `var:${name}:default`)} />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${name} is secure`}
                  checked={variable.secure === true}
                  disabled={readOnly}
                  onChange={(event) => update(name, { secure: event.target.checked })}
                />
              </td>
              <td>
                {!readOnly && (
                  <button type="button" className="icon" aria-label={`Remove variable ${name}`} onClick={() => remove(name)}>
                    ×
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!readOnly && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!nameValid) return;
            update(newName, { type: 'string', default: null });
            setNewName('');
          }}
        >
          <input placeholder="new variable" aria-label="New variable name" data-testid="new-variable-name" value={newName} onChange={(event) => setNewName(event.target.value)} />
          <button type="submit" data-testid="add-variable" disabled={!nameValid}>
            Add variable
          </button>
        </form>
      )}
    </section>
  );
}
