/** Special days (holidays): one date, or `date: hours`, per line. */

import { useEffect, useState } from 'react';
import { NamePicker } from './NamePicker';
import { useNamedResource } from './useNamedResource';

function linesOf(days: unknown): string {
  if (!Array.isArray(days)) return '';
  return days.map((day) => (typeof day === 'string' ? day : JSON.stringify(day))).join('\n');
}

function daysOf(text: string): unknown[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      if (line.startsWith('{')) {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return line;
        }
      }
      return line;
    });
}

export function SpecialDaysEditor({ canEdit }: { canEdit: boolean }) {
  const resource = useNamedResource('special-days');
  const [text, setText] = useState('');
  useEffect(() => setText(linesOf(resource.value?.days)), [resource.value]);
  return (
    <section className="split" data-testid="special-days-editor">
      <NamePicker names={resource.names} value={resource.name} onPick={(name) => void resource.open(name)} testId="special-days" newLabel="New special days name" canCreate={canEdit} />
      {resource.name && resource.value && (
        <form
          className="resource-form"
          onSubmit={(event) => {
            event.preventDefault();
            void resource.save({ days: daysOf(text) });
          }}
        >
          <h2>{resource.name}</h2>
          <label className="schema-field">
            <span className="field-label">One date per line (YYYY-MM-DD)</span>
            <textarea rows={8} className="mono" data-testid="special-days-text" value={text} readOnly={!canEdit} onChange={(event) => setText(event.target.value)} />
          </label>
          {canEdit && (
            <button type="submit" className="primary" data-testid="special-days-save">
              Save
            </button>
          )}
          {resource.message && <p className="notice">{resource.message}</p>}
        </form>
      )}
    </section>
  );
}
