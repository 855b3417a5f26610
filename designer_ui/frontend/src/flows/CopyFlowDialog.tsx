/** Copy a flow: a new id and name; the copy starts with the draft only, no versions. */

import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import type { FlowSummary } from '../api/types';
import { Dialog } from '../common/Dialog';
import { libraryApi } from './libraryApi';
import { FLOW_ID_PATTERN } from './newFlowDocument';

export function CopyFlowDialog({ flow, onClose, onCopied }: { flow: FlowSummary; onClose(): void; onCopied(id: string): void }) {
  const [newId, setNewId] = useState(`${flow.id}-copy`.slice(0, 64));
  const [name, setName] = useState(`${flow.name} (copy)`);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!FLOW_ID_PATTERN.test(newId)) {
      setError('The id uses lower-case letters, digits and dashes.');
      return;
    }
    try {
      await libraryApi.copy(flow.id, newId, name.trim());
      onCopied(newId);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <Dialog title={`Copy ${flow.name}`} onClose={onClose} testId="copy-flow-dialog">
      <form onSubmit={submit} className="form-grid">
        <p className="muted">The copy gets the current draft; versions, environments and tests stay with the original.</p>
        <label>
          New id
          <input data-testid="copy-flow-id" value={newId} onChange={(event) => setNewId(event.target.value)} />
        </label>
        <label>
          Name
          <input data-testid="copy-flow-name" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" data-testid="copy-flow-submit">
            Copy
          </button>
        </div>
      </form>
    </Dialog>
  );
}
