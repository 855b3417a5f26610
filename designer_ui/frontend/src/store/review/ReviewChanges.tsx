/** The differences from the previous published version: signature, dependencies, and blocks per flow. */

import { SignatureChanges } from '../common/SignatureChanges';
import type { ReviewDetail } from '../storeTypes';

export function ReviewChanges({ changes }: { changes: ReviewDetail['changes'] }) {
  if (!changes) {
    return (
      <p className="muted" data-testid="review-first-version">
        First version: nothing to compare with.
      </p>
    );
  }
  const flows = Object.entries(changes.flows);
  return (
    <section data-testid="review-changes">
      <p>
        Against the published <span className="mono">{changes.previous}</span>:
      </p>
      <SignatureChanges changes={changes.manifest} testId="review-signature-changes" />
      <ul className="flow-changes" data-testid="review-flow-changes">
        {flows.length === 0 && <li className="muted">The flows are unchanged.</li>}
        {flows.map(([flowId, change]) => (
          <li key={flowId} data-testid={`review-flow-change-${flowId}`}>
            <span className="mono">{flowId}</span>: {change.status}
            {change.status === 'changed' && (
              <ul>
                {(change.added ?? []).map((block) => (
                  <li key={`a-${block}`} className="diff-added">
                    + block <code>{block}</code>
                  </li>
                ))}
                {(change.removed ?? []).map((block) => (
                  <li key={`r-${block}`} className="diff-removed">
                    − block <code>{block}</code>
                  </li>
                ))}
                {(change.changed ?? []).map((item) => (
                  <li key={`c-${item.block}`} className="diff-changed">
                    ~ block <code>{item.block}</code>: {item.fields.join(', ')}
                  </li>
                ))}
                {(change.flow_changed ?? []).length > 0 && <li className="diff-changed">~ flow settings: {change.flow_changed?.join(', ')}</li>}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
