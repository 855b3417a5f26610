/** Someone saved the draft since we loaded it: keep mine, take theirs, or look at the difference. */

import { useMemo, useState } from 'react';
import type { FlowDocument } from '../../api/types';
import { Dialog } from '../../common/Dialog';
import type { Autosave, Conflict } from '../hooks/useAutosave';
import { diffDocuments } from '../model/documentDiff';

export function ConflictDialog({ conflict, mine, autosave }: { conflict: Conflict; mine: FlowDocument; autosave: Autosave }) {
  const [showDiff, setShowDiff] = useState(false);
  const diff = useMemo(() => diffDocuments(mine, conflict.theirs), [mine, conflict.theirs]);
  return (
    <Dialog title="Someone else saved this flow" onClose={() => setShowDiff(false)} testId="conflict-dialog" wide>
      <p>
        {conflict.updatedBy ? `${conflict.updatedBy} saved` : 'Another editor saved'} the draft after you opened it. Your changes are not
        lost: choose which draft to keep. Taking theirs keeps yours in the undo history (Ctrl+Z brings it back).
      </p>
      <div className="dialog-actions">
        <button type="button" className="primary" data-testid="conflict-keep-mine" onClick={autosave.keepMine}>
          Keep mine
        </button>
        <button type="button" data-testid="conflict-take-theirs" onClick={autosave.takeTheirs}>
          Take theirs
        </button>
        <button type="button" data-testid="conflict-show-diff" aria-expanded={showDiff} onClick={() => setShowDiff((value) => !value)}>
          {showDiff ? 'Hide differences' : 'Show differences'}
        </button>
      </div>
      {showDiff && (
        <div className="conflict-diff" data-testid="conflict-diff">
          <h3>Their draft compared with yours</h3>
          <ul>
            {diff.added.map((id) => (
              <li key={`a-${id}`} className="diff-added">
                Only in theirs: block <code>{id}</code> ({conflict.theirs.blocks[id]?.label || conflict.theirs.blocks[id]?.type})
              </li>
            ))}
            {diff.removed.map((id) => (
              <li key={`r-${id}`} className="diff-removed">
                Only in yours: block <code>{id}</code> ({mine.blocks[id]?.label || mine.blocks[id]?.type})
              </li>
            ))}
            {diff.changed.map((change) => (
              <li key={`c-${change.block}`} className="diff-changed">
                Block <code>{change.block}</code> differs in: {change.fields.join(', ')}
              </li>
            ))}
            {diff.flowChanged.map((key) => (
              <li key={`f-${key}`} className="diff-changed">
                Flow setting <code>{key}</code> differs
              </li>
            ))}
            {diff.added.length + diff.removed.length + diff.changed.length + diff.flowChanged.length === 0 && (
              <li>The two drafts are the same.</li>
            )}
          </ul>
        </div>
      )}
    </Dialog>
  );
}
