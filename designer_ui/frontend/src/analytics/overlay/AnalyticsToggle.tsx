/** The editor toolbar's switch for the analytics overlay. */

import { hasRole, useSession } from '../../auth/session';
import { setOverlay, useOverlay } from './overlayState';

export function AnalyticsToggle() {
  const { user } = useSession();
  const { enabled } = useOverlay();
  if (!hasRole(user, 'business', 'developer')) return null;
  return (
    <button
      type="button"
      className="analytics-toggle"
      data-testid="analytics-toggle"
      aria-pressed={enabled}
      title="Show visits, port shares and drop-offs from analytics on the canvas"
      onClick={() => setOverlay({ enabled: !enabled })}
    >
      Analytics
    </button>
  );
}
