/** What the shell uses from the Calls page. */

export { CallsNavLink } from './CallsNavLink';
export { CallsPage } from './CallsPage';
export { useCallsRoute } from './route';
