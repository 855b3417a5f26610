/** The simulation's world: set the clock (date, time, time zone), pick the environment whose
 * Business Controls the run reads, and override emergency flags or add a special day, so
 * "closed on Sunday evening" or "storm today" can be tried at any hour without touching the
 * real controls. */

import { useEffect, useMemo, useState } from 'react';
import { BUSINESS_ENVIRONMENTS, businessApiIn, type BusinessEnvironment } from '../api/businessApi';
import type { FlowDocument } from '../api/types';
import { timeZones, wallClockNow, zonedIso } from './clock';
import { controlsInFlow, type FlagOverride, type Scenario } from './scenario';

interface ScenarioEditorProps {
  doc: FlowDocument;
  scenario: Scenario;
  onChange(next: Scenario): void;
}

function useStoredNames(environment: BusinessEnvironment): { flags: string[]; hours: string[] } {
  const [names, setNames] = useState<{ flags: string[]; hours: string[] }>({ flags: [], hours: [] });
  useEffect(() => {
    let cancelled = false;
    const api = businessApiIn(environment);
    void Promise.all([api.names('emergency'), api.names('hours')]).then(([flags, hours]) => {
      if (!cancelled) setNames({ flags, hours });
    });
    return () => {
      cancelled = true;
    };
  }, [environment]);
  return names;
}

function ClockFields({ scenario, onChange }: Omit<ScenarioEditorProps, 'doc'>) {
  const zones = useMemo(timeZones, []);
  const iso = scenario.fixedClock ? zonedIso(scenario.date, scenario.time, scenario.zone) : null;
  return (
    <fieldset className="sim-clock" data-testid="sim-clock">
      <legend>Clock</legend>
      <label>
        <input
          type="checkbox"
          data-testid="sim-clock-fixed"
          checked={scenario.fixedClock}
          onChange={(event) => onChange({ ...scenario, fixedClock: event.target.checked })}
        />
        Run at another time
      </label>
      {scenario.fixedClock && (
        <div className="sim-clock-fields">
          <input type="date" aria-label="Date" data-testid="sim-clock-date" value={scenario.date} onChange={(event) => onChange({ ...scenario, date: event.target.value })} />
          <input type="time" aria-label="Time" data-testid="sim-clock-time" value={scenario.time} onChange={(event) => onChange({ ...scenario, time: event.target.value })} />
          <select aria-label="Time zone" data-testid="sim-clock-zone" value={scenario.zone} onChange={(event) => onChange({ ...scenario, zone: event.target.value })}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
          <button type="button" data-testid="sim-clock-now" onClick={() => onChange({ ...scenario, ...wallClockNow(scenario.zone) })}>
            Now
          </button>
          <output className="mono muted" data-testid="sim-clock-iso">
            {iso ?? 'not a valid time'}
          </output>
        </div>
      )}
    </fieldset>
  );
}

function FlagOverrides({ flags, scenario, onChange }: Omit<ScenarioEditorProps, 'doc'> & { flags: string[] }) {
  if (flags.length === 0) return <p className="muted">No emergency flags.</p>;
  return (
    <table className="data-table compact" data-testid="sim-flags">
      <tbody>
        {flags.map((flag) => (
          <tr key={flag}>
            <td className="mono">{flag}</td>
            <td>
              <select
                aria-label={`Emergency flag ${flag}`}
                data-testid={`sim-flag-${flag}`}
                value={scenario.flags[flag] ?? 'stored'}
                onChange={(event) => onChange({ ...scenario, flags: { ...scenario.flags, [flag]: event.target.value as FlagOverride } })}
              >
                <option value="stored">as stored</option>
                <option value="on">on</option>
                <option value="off">off</option>
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SpecialDays({ hours, scenario, onChange }: Omit<ScenarioEditorProps, 'doc'> & { hours: string[] }) {
  const [name, setName] = useState('');
  const [date, setDate] = useState('');
  const [open, setOpen] = useState('');
  const chosen = name || hours[0] || '';
  const today = scenario.fixedClock ? scenario.date : wallClockNow(scenario.zone).date;
  const add = (day: string) => {
    if (!chosen || !day) return;
    onChange({ ...scenario, specialDays: [...scenario.specialDays, { hours: chosen, date: day, open: open.trim() }] });
    setOpen('');
  };
  if (hours.length === 0) return <p className="muted">No business hours to add a special day to.</p>;
  return (
    <div className="sim-special-days" data-testid="sim-special-days">
      <ul>
        {scenario.specialDays.map((day, index) => (
          <li key={`${day.hours}-${day.date}-${index}`} data-testid="sim-special-day">
            <span className="mono">
              {day.hours}: {day.date} {day.open ? `open ${day.open}` : 'closed all day'}
            </span>
            <button
              type="button"
              className="icon"
              aria-label={`Remove the special day ${day.date}`}
              onClick={() => onChange({ ...scenario, specialDays: scenario.specialDays.filter((_, other) => other !== index) })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="sim-special-day-form">
        <select aria-label="Business hours" data-testid="sim-special-hours" value={chosen} onChange={(event) => setName(event.target.value)}>
          {hours.map((item) => (
            <option key={item} value={item}>
              {item}
            </option>
          ))}
        </select>
        <input type="date" aria-label="Special day" data-testid="sim-special-date" value={date} onChange={(event) => setDate(event.target.value)} />
        <input className="short-hours" aria-label="Open on that day (empty: closed)" placeholder="closed" data-testid="sim-special-open" value={open} onChange={(event) => setOpen(event.target.value)} />
        <button type="button" data-testid="sim-special-add" disabled={!date} onClick={() => add(date)}>
          Add special day
        </button>
        <button type="button" data-testid="sim-closed-today" onClick={() => add(today)} title="A special day on the simulated date">
          Closed today
        </button>
      </div>
    </div>
  );
}

export function ScenarioEditor({ doc, scenario, onChange }: ScenarioEditorProps) {
  const stored = useStoredNames(scenario.environment);
  const inFlow = useMemo(() => controlsInFlow(doc), [doc]);
  const flags = useMemo(() => [...new Set([...inFlow.flags, ...stored.flags])], [inFlow.flags, stored.flags]);
  const hours = useMemo(() => [...new Set([...inFlow.hours, ...stored.hours])], [inFlow.hours, stored.hours]);
  const overrides = Object.values(scenario.flags).filter((value) => value !== 'stored').length + scenario.specialDays.length;
  return (
    <details className="sim-scenario" data-testid="sim-scenario">
      <summary data-testid="sim-scenario-toggle">
        Time, environment and business controls
        {(scenario.fixedClock || overrides > 0 || scenario.environment !== 'live') && (
          <span className="muted" data-testid="sim-scenario-summary">
            {' '}
            ({[scenario.fixedClock ? `${scenario.date} ${scenario.time}` : null, scenario.environment, overrides ? `${overrides} override${overrides > 1 ? 's' : ''}` : null]
              .filter(Boolean)
              .join(', ')}
            )
          </span>
        )}
      </summary>
      <ClockFields scenario={scenario} onChange={onChange} />
      <label className="sim-environment">
        Environment
        <select data-testid="sim-environment" value={scenario.environment} onChange={(event) => onChange({ ...scenario, environment: event.target.value as BusinessEnvironment })}>
          {BUSINESS_ENVIRONMENTS.map((item) => (
            <option key={item} value={item}>
              {item}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Emergency flags (this run only)</legend>
        <FlagOverrides flags={flags} scenario={scenario} onChange={onChange} />
      </fieldset>
      <fieldset>
        <legend>Special days (this run only)</legend>
        <SpecialDays hours={hours} scenario={scenario} onChange={onChange} />
      </fieldset>
    </details>
  );
}
