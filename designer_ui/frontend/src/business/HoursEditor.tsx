/** Business hours: a weekly schedule (`mon-fri: 08:00-18:00`) and a time zone. */

import { useEffect, useState } from 'react';
import { NamePicker } from './NamePicker';
import { useNamedResource } from './useNamedResource';

interface Row {
  days: string;
  hours: string;
}

function rowsOf(schedule: unknown): { rows: Row[]; timezone: string } {
  const record = schedule && typeof schedule === 'object' ? (schedule as Record<string, unknown>) : {};
  const rows: Row[] = [];
  let timezone = '';
  for (const [days, hours] of Object.entries(record)) {
    if (days === 'timezone') timezone = String(hours);
    else rows.push({ days, hours: Array.isArray(hours) ? hours.join(', ') : String(hours) });
  }
  return { rows, timezone };
}

export function HoursEditor({ canEdit }: { canEdit: boolean }) {
  const resource = useNamedResource('hours');
  const [rows, setRows] = useState<Row[]>([]);
  const [timezone, setTimezone] = useState('');

  useEffect(() => {
    const parsed = rowsOf(resource.value?.schedule);
    setRows(parsed.rows.length ? parsed.rows : [{ days: 'mon-fri', hours: '08:00-18:00' }]);
    setTimezone(parsed.timezone || String(resource.value?.timezone ?? ''));
  }, [resource.value]);

  const schedule = () => {
    const result: Record<string, unknown> = {};
    for (const row of rows) if (row.days.trim()) result[row.days.trim()] = row.hours.trim();
    if (timezone.trim()) result.timezone = timezone.trim();
    return result;
  };

  return (
    <section className="split" data-testid="hours-editor">
      <NamePicker names={resource.names} value={resource.name} onPick={(name) => void resource.open(name)} testId="hours" newLabel="New business hours name" canCreate={canEdit} />
      {resource.name && resource.value && (
        <form
          className="resource-form"
          onSubmit={(event) => {
            event.preventDefault();
            void resource.save({ schedule: schedule() });
          }}
        >
          <h2>{resource.name}</h2>
          <table className="data-table compact">
            <thead>
              <tr>
                <th>Days</th>
                <th>Open hours</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={index}>
                  <td>
                    <input aria-label="Days" data-testid={`hours-days-${index}`} value={row.days} readOnly={!canEdit} onChange={(event) => setRows(rows.map((r, i) => (i === index ? { ...r, days: event.target.value } : r)))} />
                  </td>
                  <td>
                    <input aria-label="Open hours" data-testid={`hours-hours-${index}`} value={row.hours} readOnly={!canEdit} onChange={(event) => setRows(rows.map((r, i) => (i === index ? { ...r, hours: event.target.value } : r)))} />
                  </td>
                  <td>
                    {canEdit && (
                      <button type="button" className="icon" aria-label="Remove row" onClick={() => setRows(rows.filter((_, i) => i !== index))}>
                        ×
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {canEdit && (
            <button type="button" onClick={() => setRows([...rows, { days: 'sat', hours: '10:00-14:00' }])}>
              + Add row
            </button>
          )}
          <label className="schema-field">
            <span className="field-label">Time zone</span>
            <input data-testid="hours-timezone" value={timezone} placeholder="America/New_York" readOnly={!canEdit} onChange={(event) => setTimezone(event.target.value)} />
          </label>
          {canEdit && (
            <button type="submit" className="primary" data-testid="hours-save">
              Save
            </button>
          )}
          {resource.message && <p className="notice">{resource.message}</p>}
        </form>
      )}
    </section>
  );
}
