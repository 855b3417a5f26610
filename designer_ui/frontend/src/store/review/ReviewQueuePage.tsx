/** The review queue (reviewers): pending versions, oldest first. */

import { useSession } from '../../auth/session';
import { useAsync } from '../../common/useAsync';
import { byteSize, shortDate, slug } from '../common/format';
import { storeApi } from '../storeApi';
import { storeHref } from '../storeRoute';

export function ReviewQueuePage() {
  const { user } = useSession();
  const queue = useAsync(() => storeApi.reviewQueue(), []);
  const items = queue.data ?? [];
  return (
    <section data-testid="review-queue">
      {queue.error && <p className="form-error">{queue.error}</p>}
      <table className="data-table">
        <thead>
          <tr>
            <th>version</th>
            <th>title</th>
            <th>category</th>
            <th>submitted</th>
            <th>size</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.name}@${item.version}`} data-testid={`review-item-${slug(item.name)}-${item.version}`}>
              <td>
                <a href={storeHref({ view: 'review', name: item.name, version: item.version })} data-testid={`review-open-${slug(item.name)}-${item.version}`}>
                  <span className="mono">
                    {item.name}@{item.version}
                  </span>
                </a>
              </td>
              <td>{item.title}</td>
              <td>{item.category}</td>
              <td>
                {shortDate(item.submitted_at)} <span className="muted">by {item.submitted_by}</span>
                {item.submitted_by === user?.username && <span className="store-badge">yours</span>}
              </td>
              <td>{byteSize(item.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!queue.loading && items.length === 0 && (
        <p className="empty" data-testid="review-queue-empty">
          Nothing waits for review.
        </p>
      )}
    </section>
  );
}
