import { silentLogger, type Logger } from '../log.js';
import { openSqlClient } from './open-client.js';
import { sqlStore } from './sql-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  logger?: Logger;
  /** PostgreSQL only: connections kept open, i.e. how many transactions run at once. */
  poolSize?: number;
}

/**
 * Opens the store named by spec and brings its schema up to date: a
 * postgres:// or postgresql:// URL opens a server, anything else is a PGlite
 * data directory (created if missing).
 */
export async function openStore(spec: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const logger = opts.logger ?? silentLogger;
  const client = await openSqlClient(spec, { logger, poolSize: opts.poolSize });
  const store = sqlStore(client, logger);
  try {
    await store.migrate();
  } catch (err) {
    await client.close();
    throw err;
  }
  logger.debug({ store: client.target, backend: client.backend }, 'results store ready');
  return store;
}
