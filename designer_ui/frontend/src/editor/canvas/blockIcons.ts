/** A small glyph for each palette icon name (no icon font, nothing fetched at run time). */

const GLYPHS: Record<string, string> = {
  list: '☰',
  split: '◇',
  equals: '=',
  'message-square': '✉',
  'alert-triangle': '⚠',
  clock: '◷',
  users: '♟',
  globe: '◍',
  'globe-2': '⊕',
  bot: '☺',
  flag: '⚑',
  'phone-forwarded': '☎',
  'phone-incoming': '☏',
  'phone-off': '■',
  mic: '●',
  keyboard: '⌨',
  table: '▦',
  package: '▣',
  paperclip: '∞',
  'corner-up-left': '↩',
};

export function iconGlyph(icon: string | undefined, label: string): string {
  return (icon && GLYPHS[icon]) || label.charAt(0).toUpperCase() || '?';
}
