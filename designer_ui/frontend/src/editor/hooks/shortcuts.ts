/** The editor's keyboard shortcuts: one list for the key handler, the help overlay and the docs. */

export type ShortcutAction =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'selectAll'
  | 'clearSelection'
  | 'save'
  | 'layout'
  | 'fitView'
  | 'validate'
  | 'simulate'
  | 'find'
  | 'help';

export interface Shortcut {
  action: ShortcutAction;
  keys: string;
  description: string;
}

export const SHORTCUTS: Shortcut[] = [
  { action: 'undo', keys: 'Ctrl+Z', description: 'Undo' },
  { action: 'redo', keys: 'Ctrl+Shift+Z / Ctrl+Y', description: 'Redo' },
  { action: 'copy', keys: 'Ctrl+C', description: 'Copy the selected blocks' },
  { action: 'cut', keys: 'Ctrl+X', description: 'Cut the selected blocks' },
  { action: 'paste', keys: 'Ctrl+V', description: 'Paste blocks' },
  { action: 'duplicate', keys: 'Ctrl+D', description: 'Duplicate the selected blocks' },
  { action: 'delete', keys: 'Delete / Backspace', description: 'Delete the selected blocks and connections' },
  { action: 'selectAll', keys: 'Ctrl+A', description: 'Select every block' },
  { action: 'clearSelection', keys: 'Escape', description: 'Clear the selection' },
  { action: 'save', keys: 'Ctrl+S', description: 'Save now (the draft also saves itself)' },
  { action: 'layout', keys: 'Shift+L', description: 'Auto-layout in phase lanes' },
  { action: 'fitView', keys: 'Shift+F', description: 'Zoom to fit' },
  { action: 'validate', keys: 'Shift+V', description: 'Validate the flow' },
  { action: 'simulate', keys: 'Shift+S', description: 'Open the simulator' },
  { action: 'find', keys: 'Ctrl+F', description: 'Find a block by label, text or id; centres and selects it' },
  { action: 'help', keys: '?', description: 'Show this list' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The action a key press means, or null; typing in a field keeps its own keys (but Ctrl+S). */
export function actionFor(event: KeyboardEvent): ShortcutAction | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && key === 's') return 'save';
  if (isTyping(event.target)) return null;
  if (mod && key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (mod && key === 'y') return 'redo';
  if (mod && key === 'c') return 'copy';
  if (mod && key === 'x') return 'cut';
  if (mod && key === 'v') return 'paste';
  if (mod && key === 'd') return 'duplicate';
  if (mod && key === 'a') return 'selectAll';
  if (mod && key === 'f') return 'find';
  if (mod || event.altKey) return null;
  if (key === 'delete' || key === 'backspace') return 'delete';
  if (key === 'escape') return 'clearSelection';
  if (event.key === '?') return 'help';
  if (event.shiftKey && key === 'l') return 'layout';
  if (event.shiftKey && key === 'f') return 'fitView';
  if (event.shiftKey && key === 'v') return 'validate';
  if (event.shiftKey && key === 's') return 'simulate';
  return null;
}
