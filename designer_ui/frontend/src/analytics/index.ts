/** What the shell, the editor toolbar and the canvas use from analytics. */

export { AnalyticsNavLink } from './AnalyticsNavLink';
export { AnalyticsPage } from './AnalyticsPage';
export { AnalyticsOverlay } from './overlay/AnalyticsOverlay';
export { AnalyticsToggle } from './overlay/AnalyticsToggle';
export { useAnalyticsRoute } from './route';
