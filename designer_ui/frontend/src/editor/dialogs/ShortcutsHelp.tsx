/** The keyboard shortcuts overlay (press ?). */

import { Dialog } from '../../common/Dialog';
import { SHORTCUTS } from '../hooks/shortcuts';

export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} testId="shortcuts-help">
      <table className="data-table compact">
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.action}>
              <td>
                <kbd>{shortcut.keys}</kbd>
              </td>
              <td>{shortcut.description}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>Shift+drag</kbd>
            </td>
            <td>Select several blocks with a box (Shift/Ctrl+click adds one)</td>
          </tr>
          <tr>
            <td>
              <kbd>Enter</kbd> on a palette entry
            </td>
            <td>Add that block in the middle of the view</td>
          </tr>
        </tbody>
      </table>
    </Dialog>
  );
}
