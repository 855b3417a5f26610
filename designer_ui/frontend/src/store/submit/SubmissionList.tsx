/** Submissions and their state (a developer's own; everyone's for reviewers), with a reviewer's comment. */

import { useState } from 'react';
import { useAsync } from '../../common/useAsync';
import { CheckResults } from '../common/CheckResults';
import { VersionBadges } from '../common/VersionBadges';
import { shortDate, slug } from '../common/format';
import { storeApi } from '../storeApi';
import type { VersionSummary } from '../storeTypes';

function VersionChecks({ item }: { item: VersionSummary }) {
  const detail = useAsync(() => storeApi.version(item.name, item.version), [item.name, item.version]);
  if (detail.error) return <p className="form-error">{detail.error}</p>;
  if (!detail.data) return <p className="loading">Loading the checks…</p>;
  return <CheckResults checks={detail.data.checks} />;
}

export function SubmissionList({ items }: { items: VersionSummary[] }) {
  const [open, setOpen] = useState<string | null>(null);
  if (items.length === 0) return <p className="empty">No submissions yet.</p>;
  return (
    <table className="data-table" data-testid="submission-list">
      <thead>
        <tr>
          <th>version</th>
          <th>state</th>
          <th>submitted</th>
          <th>review</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const key = `${item.name}@${item.version}`;
          return (
            <tr key={key} data-testid={`submission-${slug(item.name)}-${item.version}`}>
              <td className="mono">{key}</td>
              <td>
                <VersionBadges version={item} />
              </td>
              <td>
                {shortDate(item.submitted_at)} <span className="muted">by {item.submitted_by}</span>
              </td>
              <td>
                {item.reviewed_by ? (
                  <>
                    <span className="muted">{item.reviewed_by}:</span> <span data-testid="submission-comment">{item.review_comment || '—'}</span>
                  </>
                ) : (
                  <span className="muted">waiting</span>
                )}
                {open === key && <VersionChecks item={item} />}
              </td>
              <td>
                <button type="button" data-testid={`submission-checks-${slug(item.name)}-${item.version}`} onClick={() => setOpen(open === key ? null : key)}>
                  {open === key ? 'Hide checks' : 'Checks'}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
