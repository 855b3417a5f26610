/** A count with its noun in the right number: "1 error", "2 errors", "1 session". */

export function plural(count: number, one: string, many = `${one}s`, format: (value: number) => string = String): string {
  return `${format(count)} ${count === 1 ? one : many}`;
}
