/** The simulator's clock: a wall-clock date and time in a time zone, as the ISO 8601 instant
 * (with its UTC offset) the simulator API takes as `now`. */

/** The offset of `zone` from UTC at `instant`, in minutes (east positive). */
export function zoneOffsetMinutes(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((item) => item.type === type)?.value ?? 0);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour') % 24, part('minute'), part('second'));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `2026-11-29T19:30:00-05:00` for 19:30 on 29 November 2026 in `America/New_York`; null when the
 * date, time or zone cannot be read. Daylight-saving changes are followed: the offset is the one
 * in force at that wall-clock time. */
export function zonedIso(date: string, time: string, zone: string): string | null {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dateMatch || !timeMatch) return null;
  const [year, month, day] = dateMatch.slice(1).map(Number) as [number, number, number];
  const [hour, minute] = timeMatch.slice(1).map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let offset: number;
  try {
    offset = zoneOffsetMinutes(zone, wall);
    offset = zoneOffsetMinutes(zone, wall - offset * 60000);
  } catch {
    return null;
  }
  const sign = offset < 0 ? '-' : '+';
  const size = Math.abs(offset);
  return `${date}T${time}:00${sign}${pad(Math.floor(size / 60))}:${pad(size % 60)}`;
}

/** The browser's own time zone, UTC when it does not say. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every IANA time zone the browser knows, the browser's own and UTC first. */
export function timeZones(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([browserZone(), 'UTC', ...known])];
}

/** Today's date and the current minute, in `zone`, as the pickers show them. */
export function wallClockNow(zone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date());
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '00';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}
