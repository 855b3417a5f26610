/** What the shell uses from the Callbacks page. */

export { CallbacksNavLink } from './CallbacksNavLink';
export { CallbacksPage } from './CallbacksPage';
export { useCallbacksRoute } from './route';
