/** `streamdash/dashboard`: the live pages, started in-process. */
export { startDashboard, type Dashboard, type DashboardOptions } from './server.js';
export { DashboardListenError } from './errors.js';
