/** Approve (publish) or reject a pending version with a comment; rejecting needs one. */

import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { storeApi } from '../storeApi';
import type { VersionSummary } from '../storeTypes';

interface DecisionFormProps {
  name: string;
  version: string;
  ownSubmission: boolean;
  onDecided(result: VersionSummary): void;
}

export function DecisionForm({ name, version, ownSubmission, onDecided }: DecisionFormProps) {
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      onDecided(await storeApi.decide(name, version, decision, comment.trim()));
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  if (ownSubmission) {
    return (
      <p className="muted" data-testid="review-own-submission">
        You submitted this version; another reviewer must review it.
      </p>
    );
  }
  return (
    <div className="decision-form" data-testid="review-decision">
      <label>
        Comment for the author
        <textarea
          rows={3}
          value={comment}
          data-testid="review-comment"
          placeholder="What you checked, or what must change (required to reject)"
          onChange={(event) => setComment(event.target.value)}
        />
      </label>
      {error && (
        <p className="form-error" role="alert" data-testid="review-error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" data-testid="review-reject" disabled={busy || !comment.trim()} onClick={() => void decide('reject')}>
          Reject
        </button>
        <button type="button" className="primary" data-testid="review-approve" disabled={busy} onClick={() => void decide('approve')}>
          Approve and publish
        </button>
      </div>
    </div>
  );
}
