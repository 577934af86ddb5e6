export * from './errors.js';
export { backendOf, DEFAULT_STORE_SPEC } from './open-client.js';
export { openStore, type OpenStoreOptions } from './open-store.js';
export type { Backend } from './sql.js';
export * from './store.js';
