/** Publish the draft as the next version, with a comment; problems come back when it has errors. */

import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { flowsApi } from '../../api/endpoints';
import type { Problem } from '../../api/types';
import { Dialog } from '../../common/Dialog';
import type { Autosave } from '../hooks/useAutosave';

interface PublishDialogProps {
  flowId: string;
  autosave: Autosave;
  onClose(): void;
  onPublished(version: number): void;
  onProblems(problems: Problem[]): void;
}

export function PublishDialog({ flowId, autosave, onClose, onPublished, onProblems }: PublishDialogProps) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (!(await autosave.saveNow())) {
        setError('The draft could not be saved; publish after it is saved.');
        return;
      }
      const version = await flowsApi.publish(flowId, comment.trim());
      onPublished(version.version);
    } catch (caught) {
      const problems = caught instanceof ApiError ? (caught.details as { problems?: Problem[] }).problems : undefined;
      if (caught instanceof ApiError && caught.status === 422 && problems) onProblems(problems);
      else setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Publish the draft" onClose={onClose} testId="publish-dialog">
      <form onSubmit={submit} className="form-grid">
        <p>Publishing makes an immutable, numbered version that environments can run.</p>
        <label>
          Version comment
          <textarea
            data-testid="publish-comment"
            rows={3}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            placeholder="What changed?"
          />
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="publish-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="publish-submit" disabled={busy || !comment.trim()}>
            Publish
          </button>
        </div>
      </form>
    </Dialog>
  );
}
