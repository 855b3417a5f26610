/** Every published version of a MicroApp, newest first, with deprecate / yank for its owner and reviewers. */

import { useState } from 'react';
import { VersionBadges } from '../common/VersionBadges';
import { byteSize, shortDate } from '../common/format';
import type { VersionSummary } from '../storeTypes';
import { ModerateDialog, type Moderation } from './ModerateDialog';

interface VersionListProps {
  name: string;
  versions: VersionSummary[];
  installed: ReadonlySet<string>;
  canModerate: boolean;
  onChanged(): void;
}

export function VersionList({ name, versions, installed, canModerate, onChanged }: VersionListProps) {
  const [open, setOpen] = useState<{ version: string; action: Moderation } | null>(null);
  return (
    <>
      <table className="data-table compact" data-testid="version-list">
        <thead>
          <tr>
            <th>version</th>
            <th>state</th>
            <th>published</th>
            <th>installs</th>
            <th>size</th>
            <th>dependencies</th>
            {canModerate && <th />}
          </tr>
        </thead>
        <tbody>
          {versions.map((item) => (
            <tr key={item.version} data-testid={`version-${item.version}`}>
              <td className="mono">
                {item.version}
                {installed.has(item.version) && <span className="store-badge installed">installed here</span>}
              </td>
              <td>
                <VersionBadges version={item} />
                {item.deprecated && <div className="muted">{item.deprecated}</div>}
                {item.yanked && <div className="muted">{item.yanked}</div>}
              </td>
              <td>
                {shortDate(item.reviewed_at)} <span className="muted">by {item.reviewed_by}</span>
              </td>
              <td>{item.install_count}</td>
              <td>{byteSize(item.size)}</td>
              <td className="mono">
                {Object.entries(item.dependencies)
                  .map(([dependency, range]) => `${dependency} ${range}`)
                  .join(', ') || '—'}
              </td>
              {canModerate && (
                <td className="row-actions">
                  <button
                    type="button"
                    data-testid={`deprecate-${item.version}`}
                    disabled={item.deprecated !== null || item.yanked !== null}
                    onClick={() => setOpen({ version: item.version, action: 'deprecate' })}
                  >
                    Deprecate
                  </button>
                  <button
                    type="button"
                    data-testid={`yank-${item.version}`}
                    disabled={item.yanked !== null}
                    onClick={() => setOpen({ version: item.version, action: 'yank' })}
                  >
                    Yank
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <ModerateDialog
          name={name}
          version={open.version}
          action={open.action}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}
