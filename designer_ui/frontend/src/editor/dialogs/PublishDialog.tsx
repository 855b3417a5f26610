/**
 * Publish the draft as the next version, with a comment. A refused publish keeps the dialog
 * open and says why ('Not published: 1 error', each problem a link to its block); the typed
 * comment is kept, also across closing the dialog to fix a problem, until a publish succeeds.
 */

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
  onJump(blockId: string): void;
}

/** Comments typed but not yet published, per flow, for the life of the page. */
const unpublishedComments = new Map<string, string>();

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function PublishDialog({ flowId, autosave, onClose, onPublished, onProblems, onJump }: PublishDialogProps) {
  const [comment, setCommentState] = useState(() => unpublishedComments.get(flowId) ?? '');
  const [refused, setRefused] = useState<Problem[] | null>(null);

  function setComment(text: string) {
    unpublishedComments.set(flowId, text);
    setCommentState(text);
  }
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setRefused(null);
    try {
      if (!(await autosave.saveNow())) {
        setError('The draft could not be saved; publish after it is saved.');
        return;
      }
      const version = await flowsApi.publish(flowId, comment.trim());
      unpublishedComments.delete(flowId);
      onPublished(version.version);
    } catch (caught) {
      const problems = caught instanceof ApiError ? (caught.details as { problems?: Problem[] }).problems : undefined;
      if (caught instanceof ApiError && caught.status === 422 && problems) {
        setRefused(problems.filter((problem) => problem.severity === 'error'));
        onProblems(problems);
      } else setError(errorMessage(caught));
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
        {refused && (
          <div className="form-error" role="alert" data-testid="publish-refused">
            <p>
              <strong>Not published: {plural(refused.length, 'error')}</strong>
            </p>
            <ul>
              {refused.map((problem, index) => (
                <li key={index}>
                  {problem.block_id ? (
                    <a
                      href={`#block-${problem.block_id}`}
                      data-testid="publish-problem-link"
                      onClick={(event) => {
                        event.preventDefault();
                        onJump(problem.block_id as string);
                      }}
                    >
                      {problem.block_id}
                    </a>
                  ) : (
                    <span>Flow</span>
                  )}
                  {problem.path ? ` (${problem.path})` : ''}: {problem.message}
                </li>
              ))}
            </ul>
          </div>
        )}
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
