/** Opening hours chosen with a row per day (open, from, to) and a time-zone select. */

import { useContext } from 'react';
import type { JsonSchema } from '../../api/types';
import { FieldContext, SchemaValue } from './SchemaField';
import { TimeZoneSelect } from './TimeZoneSelect';
import { DAY_LABELS, scheduleFromRows, scheduleRows, type DayHours, type Schedule } from './weeklySchedule';

interface WeeklyScheduleFieldProps {
  schema: JsonSchema;
  value: unknown;
  path: string;
  onChange(value: unknown, leafPath: string): void;
}

export function WeeklyScheduleField({ schema, value, path, onChange }: WeeklyScheduleFieldProps) {
  const { readOnly } = useContext(FieldContext);
  const schedule = value && typeof value === 'object' && !Array.isArray(value) ? (value as Schedule) : null;
  const rows = scheduleRows(schedule);
  if (!rows) {
    return (
      <div data-testid={`schedule-text-${path}`}>
        <p className="help">This schedule has several ranges on one day; edit it as text.</p>
        <SchemaValue schema={schema} value={value} path={path} onChange={onChange} />
      </div>
    );
  }
  const update = (index: number, change: Partial<DayHours>) => {
    const next = rows.map((row, at) => (at === index ? { ...row, ...change } : row));
    onChange(scheduleFromRows(next, schedule?.timezone), path);
  };
  return (
    <div className="weekly-schedule" data-testid={`schedule-${path}`}>
      {!schedule && (
        <button type="button" disabled={readOnly} data-testid={`schedule-start-${path}`}
          onClick={() => onChange(scheduleFromRows(rows.map((row, index) => ({ ...row, open: index < 5 })), null), path)}>
          Set opening hours here
        </button>
      )}
      {schedule &&
        rows.map((row, index) => (
          <div key={index} className="schedule-day" data-testid={`schedule-day-${index}`}>
            <label className="inline">
              <input type="checkbox" checked={row.open} disabled={readOnly} onChange={(event) => update(index, { open: event.target.checked })} />
              {DAY_LABELS[index]}
            </label>
            <input type="time" aria-label={`${DAY_LABELS[index]} opens`} value={row.from} disabled={readOnly || !row.open}
              onChange={(event) => update(index, { from: event.target.value })} />
            <input type="time" aria-label={`${DAY_LABELS[index]} closes`} value={row.to === '24:00' ? '23:59' : row.to}
              disabled={readOnly || !row.open} onChange={(event) => update(index, { to: event.target.value })} />
          </div>
        ))}
      {schedule && (
        <label className="schedule-zone">
          <span className="field-label">Schedule time zone</span>
          <TimeZoneSelect value={typeof schedule.timezone === 'string' ? schedule.timezone : null} path={`${path}.timezone`}
            readOnly={readOnly} onChange={(zone) => onChange(scheduleFromRows(rows, zone), `${path}.timezone`)} />
        </label>
      )}
    </div>
  );
}
