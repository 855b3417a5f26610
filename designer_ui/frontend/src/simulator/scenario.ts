/** What a simulation runs against besides the caller: the clock, the environment whose Business
 * Controls it reads, and business-control overrides (emergency flags, special days) that win
 * over the stored ones for this run only. Turned into the simulator API's `now`, `environment`
 * and `business` settings. */

import { businessApiIn, type BusinessEnvironment } from '../api/businessApi';
import type { FlowDocument } from '../api/types';
import { browserZone, wallClockNow, zonedIso } from './clock';

export type FlagOverride = 'stored' | 'on' | 'off';

export interface AddedSpecialDay {
  /** The Business Hours name whose special days get this day. */
  hours: string;
  date: string;
  /** Opening hours on that day (`09:00-12:00`); empty for closed all day. */
  open: string;
}

export interface Scenario {
  fixedClock: boolean;
  date: string;
  time: string;
  zone: string;
  environment: BusinessEnvironment;
  flags: Record<string, FlagOverride>;
  specialDays: AddedSpecialDay[];
}

export interface ScenarioSettings {
  now?: string;
  environment: BusinessEnvironment;
  business?: { emergency?: Record<string, boolean>; special_days?: Record<string, unknown[]> };
}

export function initialScenario(): Scenario {
  const zone = browserZone();
  return { fixedClock: false, ...wallClockNow(zone), zone, environment: 'live', flags: {}, specialDays: [] };
}

function namesOf(doc: FlowDocument, type: string, prop: string): string[] {
  const names = Object.values(doc.blocks)
    .filter((block) => block.type === type)
    .map((block) => block.props?.[prop])
    .filter((name): name is string => typeof name === 'string' && name.length > 0);
  return [...new Set(names)];
}

/** Emergency flags and Business Hours names the flow's blocks use. */
export function controlsInFlow(doc: FlowDocument): { flags: string[]; hours: string[] } {
  return { flags: namesOf(doc, 'emergency', 'flag'), hours: namesOf(doc, 'business_hours', 'hours') };
}

/** Why the scenario cannot run as it is, or null. */
export function scenarioProblem(scenario: Scenario): string | null {
  if (scenario.fixedClock && zonedIso(scenario.date, scenario.time, scenario.zone) === null) {
    return 'Pick a date, a time and a time zone for the clock.';
  }
  for (const day of scenario.specialDays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day.date)) return `Pick the date of the special day for ${day.hours}.`;
    if (day.open && !/^\d{1,2}:\d{2}-\d{1,2}:\d{2}(,\s*\d{1,2}:\d{2}-\d{1,2}:\d{2})*$/.test(day.open)) {
      return `The hours of the special day on ${day.date} read like 09:00-12:00.`;
    }
  }
  return null;
}

async function storedSpecialDays(environment: BusinessEnvironment, hours: string): Promise<unknown[]> {
  try {
    const record = await businessApiIn(environment).get('special-days', hours);
    return Array.isArray(record.days) ? record.days : [];
  } catch {
    return [];
  }
}

/** The start request's settings. Added special days join the stored ones of the same name (the
 * API's mock replaces them), so trying one more holiday keeps the real ones. */
export async function scenarioSettings(scenario: Scenario): Promise<ScenarioSettings> {
  const settings: ScenarioSettings = { environment: scenario.environment };
  if (scenario.fixedClock) settings.now = zonedIso(scenario.date, scenario.time, scenario.zone) ?? undefined;
  const emergency: Record<string, boolean> = {};
  for (const [name, override] of Object.entries(scenario.flags)) {
    if (override !== 'stored') emergency[name] = override === 'on';
  }
  const specialDays: Record<string, unknown[]> = {};
  for (const day of scenario.specialDays) {
    if (!specialDays[day.hours]) specialDays[day.hours] = await storedSpecialDays(scenario.environment, day.hours);
    specialDays[day.hours]?.push(day.open ? { date: day.date, name: 'Tried in the simulator', hours: day.open } : day.date);
  }
  const business: NonNullable<ScenarioSettings['business']> = {};
  if (Object.keys(emergency).length) business.emergency = emergency;
  if (Object.keys(specialDays).length) business.special_days = specialDays;
  if (Object.keys(business).length) settings.business = business;
  return settings;
}
