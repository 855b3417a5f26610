/** Delete a flow after asking; when it is in use the server's reasons are shown instead. */

import { useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { flowsApi } from '../api/endpoints';
import type { FlowSummary } from '../api/types';
import { Dialog } from '../common/Dialog';

interface Caller {
  flow_id: string;
  source: string;
  version: number | null;
  block_id: string;
}

interface InUse {
  message: string;
  environments: string[];
  entryPoints: (string | number)[];
  callers: Caller[];
}

function inUseOf(error: unknown): InUse | null {
  if (!(error instanceof ApiError) || error.code !== 'in_use') return null;
  const details = error.details as { environments?: string[]; entry_points?: (string | number)[]; called_by?: Caller[] };
  return {
    message: error.message,
    environments: details.environments ?? [],
    entryPoints: details.entry_points ?? [],
    callers: details.called_by ?? [],
  };
}

export function DeleteFlowDialog({ flow, onClose, onDeleted }: { flow: FlowSummary; onClose(): void; onDeleted(): void }) {
  const [inUse, setInUse] = useState<InUse | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setError(null);
    try {
      await flowsApi.remove(flow.id);
      onDeleted();
    } catch (caught) {
      const reasons = inUseOf(caught);
      if (reasons) setInUse(reasons);
      else setError(errorMessage(caught));
    }
  }

  return (
    <Dialog title={`Delete ${flow.name}`} onClose={onClose} testId="delete-flow-dialog">
      {inUse ? (
        <div data-testid="delete-flow-in-use">
          <p className="form-error" role="alert">
            {inUse.message}
          </p>
          <ul>
            {inUse.environments.map((environment) => (
              <li key={`env:${environment}`}>Runs in {environment}</li>
            ))}
            {inUse.entryPoints.map((entry) => (
              <li key={`entry:${entry}`}>Started by entry point {entry}</li>
            ))}
            {inUse.callers.map((caller) => (
              <li key={`${caller.flow_id}:${caller.source}:${caller.block_id}`}>
                Called by <a href={`#/flows/${encodeURIComponent(caller.flow_id)}`}>{caller.flow_id}</a> ({caller.source}
                {caller.version ? ` v${caller.version}` : ''}), block {caller.block_id}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>
          Delete <strong>{flow.name}</strong> ({flow.id}) with its versions and tests? This cannot be undone.
        </p>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {inUse ? 'Close' : 'Cancel'}
        </button>
        {!inUse && (
          <button type="button" className="danger" data-testid="delete-flow-confirm" onClick={() => void remove()}>
            Delete
          </button>
        )}
      </div>
    </Dialog>
  );
}
