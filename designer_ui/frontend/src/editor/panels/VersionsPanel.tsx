/** Published versions: compare one with the draft on the canvas, restore it, promote it. */

import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { flowsApi } from '../../api/endpoints';
import type { FlowBlock, FlowDocument } from '../../api/types';
import { Dialog } from '../../common/Dialog';
import { useAsync } from '../../common/useAsync';
import type { DiffStatus } from '../canvas/nodeData';
import type { DiffView } from '../model/decorations';

interface VersionsPanelProps {
  flowId: string;
  doc: FlowDocument;
  readOnly: boolean;
  onDiff(view: DiffView | null): void;
  onRestored(): void;
  /** The draft's ETag as this editor last saved or loaded it: restore sends it in If-Match. */
  draftEtag(): string | null;
  onPromote(): void;
}

export function VersionsPanel({ flowId, readOnly, onDiff, onRestored, draftEtag, onPromote }: VersionsPanelProps) {
  const versions = useAsync(() => flowsApi.versions(flowId), [flowId]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [restoring, setRestoring] = useState(false);

  async function compare(version: number) {
    setBusy(version);
    setError(null);
    try {
      const [diff, old] = await Promise.all([flowsApi.diff(flowId, version, 'draft'), flowsApi.version(flowId, version)]);
      const statuses = new Map<string, DiffStatus>();
      for (const id of diff.added) statuses.set(id, 'added');
      for (const change of diff.changed) statuses.set(change.block, 'changed');
      const ghosts: Record<string, FlowBlock> = {};
      for (const id of diff.removed) {
        const block = old.document?.blocks[id];
        if (block) ghosts[id] = { ...block, next: {} };
      }
      const flowNote = diff.flow_changed.length ? `; flow settings changed: ${diff.flow_changed.join(', ')}` : '';
      onDiff({
        title: `Version ${version} → draft: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed${flowNote}`,
        statuses,
        ghosts,
      });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  }

  async function restore(version: number) {
    setRestoring(true);
    setError(null);
    try {
      await flowsApi.restore(flowId, version, draftEtag());
      setConfirming(null);
      onRestored();
    } catch (caught) {
      setConfirming(null);
      setError(errorMessage(caught));
    } finally {
      setRestoring(false);
    }
  }

  const confirmed = versions.data?.find((item) => item.version === confirming);

  return (
    <section className="versions-panel" data-testid="versions-panel">
      <div className="panel-actions">
        <button type="button" onClick={versions.reload}>
          Refresh
        </button>
        <button type="button" data-testid="versions-promote" onClick={onPromote}>
          Promote…
        </button>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {versions.data && versions.data.length === 0 && <p className="empty">Nothing published yet.</p>}
      <ol className="versions-list" data-testid="versions-list">
        {(versions.data ?? [])
          .slice()
          .sort((a, b) => b.version - a.version)
          .map((version) => (
            <li key={version.version} data-testid={`version-${version.version}`}>
              <div className="version-head">
                <strong>v{version.version}</strong> <span className="muted">{version.created_by ?? ''}</span>{' '}
                <span className="muted">{version.created_at ? new Date(version.created_at).toLocaleString() : ''}</span>
              </div>
              {version.comment && <p className="version-comment">{version.comment}</p>}
              <div className="version-actions">
                <button type="button" data-testid={`compare-${version.version}`} disabled={busy === version.version} onClick={() => void compare(version.version)}>
                  Compare with draft
                </button>
                {!readOnly && (
                  <button type="button" data-testid={`restore-${version.version}`} onClick={() => setConfirming(version.version)}>
                    Restore
                  </button>
                )}
              </div>
            </li>
          ))}
      </ol>
      {confirming !== null && (
        <Dialog title={`Restore version ${confirming}?`} onClose={() => !restoring && setConfirming(null)} testId="restore-dialog">
          <p data-testid="restore-dialog-text">
            The draft will be replaced by a copy of version {confirming}
            {confirmed?.comment ? <> (“{confirmed.comment}”)</> : null}. Changes in the draft that no published version holds will be
            lost; publish the draft first to keep them.
          </p>
          <div className="dialog-actions">
            <button type="button" data-testid="restore-cancel" disabled={restoring} onClick={() => setConfirming(null)}>
              Cancel
            </button>
            <button type="button" className="primary" data-testid="restore-confirm" disabled={restoring} onClick={() => void restore(confirming)}>
              {restoring ? 'Restoring…' : `Restore version ${confirming}`}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
