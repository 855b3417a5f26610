/** Human labels for property names: `timeout_ms` → "Timeout (ms)". */

export function humanize(name: string): string {
  const words = name.replace(/_ms$/, ' (ms)').replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function childPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

export function itemPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
