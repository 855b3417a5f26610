/**
 * Asks before an import replaces existing drafts: which flows, the draft revision and who last
 * changed it, and that published versions stay as they are. Replacing sends the If-Match the
 * server gave, so a draft changed meanwhile is not overwritten unseen (the server answers 412).
 */

import type { FlowSummary } from '../api/types';
import { Dialog } from '../common/Dialog';

export interface PendingImport {
  file: File;
  /** Flow id → the ETag of its draft now. */
  existing: Record<string, string>;
  ifMatch: string;
  /** True when the drafts changed since the first answer (a 412). */
  changedMeanwhile: boolean;
}

interface ImportReplaceDialogProps {
  pending: PendingImport;
  flows: FlowSummary[];
  onCancel(): void;
  onReplace(): void;
}

export function ImportReplaceDialog({ pending, flows, onCancel, onReplace }: ImportReplaceDialogProps) {
  const known = new Map(flows.map((flow) => [flow.id, flow]));
  const ids = Object.keys(pending.existing).sort();
  return (
    <Dialog title="Replace existing drafts?" onClose={onCancel} testId="import-replace-dialog">
      <div className="form-grid">
        <p>
          Importing <strong>{pending.file.name}</strong> replaces the draft of {ids.length === 1 ? 'this flow' : `these ${ids.length} flows`}.
          Published versions and environments are not changed.
        </p>
        {pending.changedMeanwhile && (
          <p className="form-error" role="alert" data-testid="import-changed">
            These drafts changed since you chose the file; check the list again.
          </p>
        )}
        <ul data-testid="import-replaced">
          {ids.map((id) => {
            const flow = known.get(id);
            return (
              <li key={id} data-testid={`import-replaced-${id}`}>
                <strong>{flow?.name ?? id}</strong> ({id}) — draft revision {flow?.revision ?? (pending.existing[id] ?? '').replace(/"/g, '')}
                {flow?.updated_by ? `, last changed by ${flow.updated_by}` : ''}
                {flow?.updated_at ? ` on ${new Date(flow.updated_at).toLocaleString()}` : ''}
                {flow?.latest_version ? `; published up to version ${flow.latest_version}` : '; never published'}
              </li>
            );
          })}
        </ul>
        <div className="dialog-actions">
          <button type="button" data-testid="import-cancel" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="primary" data-testid="import-replace" onClick={onReplace}>
            Replace {ids.length === 1 ? 'draft' : `${ids.length} drafts`}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
