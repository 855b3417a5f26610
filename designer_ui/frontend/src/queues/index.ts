/** What the shell uses from the Queues page. */

export { QueuesNavLink } from './QueuesNavLink';
export { QueuesPage } from './QueuesPage';
export { useQueuesRoute } from './route';
