/** A block's own colour (`ui.color` in the flow format), kept to values that are only a colour. */

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const NAMED = /^[a-z]{3,20}$/i;

/** The colour to paint, or null when the block has none (or something that is not a colour). */
export function blockColor(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const colour = value.trim();
  return HEX.test(colour) || NAMED.test(colour) ? colour : null;
}

/** `#rrggbb` for an `<input type="color">`, which takes no other form. */
export function colorInputValue(value: unknown): string {
  const colour = blockColor(value);
  if (!colour || !colour.startsWith('#')) return '#4f8fbf';
  if (colour.length === 4 || colour.length === 5) {
    return `#${colour[1]}${colour[1]}${colour[2]}${colour[2]}${colour[3]}${colour[3]}`.toLowerCase();
  }
  return colour.slice(0, 7).toLowerCase();
}
