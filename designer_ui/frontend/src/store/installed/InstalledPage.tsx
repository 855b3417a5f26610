/** The MicroApps installed in this Designer: every version side by side, who uses it, remove unused ones. */

import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { hasRole, useSession } from '../../auth/session';
import { useAsync } from '../../common/useAsync';
import { shortDate, slug } from '../common/format';
import { installedApi } from '../storeApi';
import { storeHref } from '../storeRoute';
import type { InstalledMicroApp } from '../storeTypes';

function UsedBy({ item }: { item: InstalledMicroApp }) {
  const detail = useAsync(() => installedApi.detail(item.name, item.version), [item.name, item.version]);
  if (detail.error) return <span className="form-error">{detail.error}</span>;
  if (!detail.data) return <span className="muted">…</span>;
  if (detail.data.used_by.length === 0) return <span className="muted">no flow</span>;
  return (
    <ul className="plain-list" data-testid={`used-by-${slug(item.name)}-${item.version}`}>
      {detail.data.used_by.map((caller) => (
        <li key={`${caller.flow}|${caller.source}|${caller.block}`}>
          <a href={`#/flows/${encodeURIComponent(caller.flow)}`}>{caller.flow}</a>{' '}
          <span className="muted">
            ({caller.source}, block {caller.block}, <span className="mono">{caller.ref}</span>)
          </span>
        </li>
      ))}
    </ul>
  );
}

export function InstalledPage() {
  const { user } = useSession();
  const list = useAsync(() => installedApi.list(), []);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const canRemove = hasRole(user, 'developer');

  const remove = async (item: InstalledMicroApp) => {
    setMessage(null);
    try {
      await installedApi.remove(item.name, item.version);
      setMessage({ text: `Removed ${item.name}@${item.version}.`, error: false });
      list.reload();
    } catch (caught) {
      setMessage({ text: errorMessage(caught), error: true });
    }
  };

  return (
    <section data-testid="installed-page">
      <p className="muted">
        Versions are installed side by side; each flow runs the version its module reference picks. Installed MicroApps appear in
        the editor's palette under “MicroApps”.
      </p>
      {list.error && <p className="form-error">{list.error}</p>}
      {message && (
        <p className={message.error ? 'form-error' : 'notice'} role="status" data-testid="installed-message">
          {message.text}
        </p>
      )}
      <table className="data-table" data-testid="installed-list">
        <thead>
          <tr>
            <th>MicroApp</th>
            <th>installed</th>
            <th>flows</th>
            <th>used by</th>
            {canRemove && <th />}
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((item) => (
            <tr key={`${item.name}@${item.version}`} data-testid={`installed-${slug(item.name)}-${item.version}`}>
              <td>
                <a href={storeHref({ view: 'microapp', name: item.name })}>{item.title ?? item.name}</a>
                <div className="mono muted">
                  {item.name}@{item.version}
                </div>
                {!item.requested && <span className="store-badge">dependency</span>}
              </td>
              <td>
                {shortDate(item.installed_at)} <span className="muted">by {item.installed_by ?? '—'} from {item.source}</span>
              </td>
              <td className="mono">{item.flows.join(', ')}</td>
              <td>
                <UsedBy item={item} />
              </td>
              {canRemove && (
                <td>
                  <button type="button" data-testid={`remove-${slug(item.name)}-${item.version}`} onClick={() => void remove(item)}>
                    Remove
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.length === 0 && <p className="empty">Nothing is installed yet. Browse the store to install a MicroApp.</p>}
    </section>
  );
}
