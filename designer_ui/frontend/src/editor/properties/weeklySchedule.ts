/** Reads a weekly schedule's free-text form ({"mon-fri": "08:00-18:00", "sat": "closed"}) into
 * one row per day for the pickers, and writes the rows back; the API keeps accepting the text. */

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const DAY_LABELS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const FULL_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export interface DayHours {
  open: boolean;
  from: string;
  to: string;
}

export type Schedule = Record<string, unknown>;

function dayIndex(name: string): number {
  const lower = name.trim().toLowerCase();
  const short = DAYS.indexOf(lower as (typeof DAYS)[number]);
  return short >= 0 ? short : FULL_NAMES.indexOf(lower);
}

function daysOf(key: string): number[] | null {
  const days: number[] = [];
  for (const part of key.split(',')) {
    const [first, last] = part.split('-');
    const start = dayIndex(first ?? '');
    const end = last === undefined ? start : dayIndex(last);
    if (start < 0 || end < 0) return null;
    for (let day = start; ; day = (day + 1) % 7) {
      days.push(day);
      if (day === end) break;
    }
  }
  return days;
}

function hoursOf(text: string): DayHours | null {
  const value = text.trim().toLowerCase();
  if (value === 'closed') return { open: false, from: '09:00', to: '17:00' };
  if (value === '24h') return { open: true, from: '00:00', to: '24:00' };
  const match = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(value);
  if (!match) return null;
  return { open: true, from: match[1]!.padStart(5, '0'), to: match[2]!.padStart(5, '0') };
}

/** One row per day, Monday first; null when the schedule says something the pickers cannot show
 * (several ranges on one day), so the panel falls back to the text editor. */
export function scheduleRows(schedule: Schedule | null): DayHours[] | null {
  const rows: DayHours[] = DAYS.map(() => ({ open: false, from: '09:00', to: '17:00' }));
  for (const [key, value] of Object.entries(schedule ?? {})) {
    if (key === 'timezone') continue;
    const days = daysOf(key);
    const hours = typeof value === 'string' ? hoursOf(value) : null;
    if (!days || !hours) return null;
    for (const day of days) rows[day] = hours;
  }
  return rows;
}

export function scheduleFromRows(rows: DayHours[], timezone: unknown): Schedule {
  const schedule: Schedule = {};
  rows.forEach((row, index) => {
    schedule[DAYS[index]!] = row.open ? `${row.from}-${row.to}` : 'closed';
  });
  if (typeof timezone === 'string' && timezone) schedule.timezone = timezone;
  return schedule;
}
