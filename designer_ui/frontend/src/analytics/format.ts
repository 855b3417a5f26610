/** Numbers as the dashboard and the overlay show them. */

export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '–';
  return `${Math.round(rate * 1000) / 10}%`;
}

export function seconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (value < 60) return `${Math.round(value * 10) / 10} s`;
  const minutes = Math.floor(value / 60);
  const rest = Math.round(value - minutes * 60);
  return `${minutes} min ${rest} s`;
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function bucketLabel(minutes: number): string {
  if (minutes >= 1440) return 'one point a day';
  if (minutes >= 60) return 'one point an hour';
  return `one point every ${minutes} min`;
}
