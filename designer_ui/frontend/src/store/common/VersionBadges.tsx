/** A version's state at a glance: pending / published / rejected, deprecated, yanked. */

import type { VersionSummary } from '../storeTypes';

export function VersionBadges({ version }: { version: Pick<VersionSummary, 'status' | 'deprecated' | 'yanked'> }) {
  return (
    <span className="version-badges">
      <span className={`store-badge status-${version.status}`} data-testid="version-status">
        {version.status}
      </span>
      {version.deprecated !== null && (
        <span className="store-badge deprecated" title={version.deprecated} data-testid="version-deprecated">
          deprecated
        </span>
      )}
      {version.yanked !== null && (
        <span className="store-badge yanked" title={version.yanked} data-testid="version-yanked">
          yanked
        </span>
      )}
    </span>
  );
}
