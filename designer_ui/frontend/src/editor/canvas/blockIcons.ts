/** A small glyph for each palette icon name (no icon font, nothing fetched at run time). */

const GLYPHS: Record<string, string> = {
  list: '☰',
  split: '⑂',
  equals: '=',
  'message-square': '✉',
  'alert-triangle': '⚠',
  clock: '◷',
  users: '♟',
  'globe-2': '⊕',
  bot: '☺',
  flag: '⚑',
  phone: '☎',
  'phone-forwarded': '☎',
  mic: '●',
  keyboard: '⌨',
  table: '▦',
  database: '▦',
  languages: '文',
  square: '■',
  'log-out': '⏏',
  package: '▣',
  'corner-down-left': '↩',
  tag: '⌗',
  'calendar-clock': '◷',
};

export function iconGlyph(icon: string | undefined, label: string): string {
  return (icon && GLYPHS[icon]) || label.charAt(0).toUpperCase() || '?';
}
