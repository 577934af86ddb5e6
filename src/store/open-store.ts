import { resolve } from 'node:path';
import { silentLogger, type Logger } from '../log.js';
import { deferredStore } from './deferred-store.js';
import { backendOf, openSqlClient } from './open-client.js';
import { redactUrl } from './postgres-client.js';
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

/**
 * Starts openStore and returns at once with a Store whose calls wait for it
 * (see deferredStore): for callers that have other things to start meanwhile,
 * since a new embedded store takes seconds to create. `ready` settles with the
 * open, so the caller can still fail on a store that cannot be opened.
 */
export function openStoreInBackground(spec: string, opts: OpenStoreOptions = {}): { store: Store; ready: Promise<void> } {
  const backend = backendOf(spec);
  const opening = openStore(spec, opts);
  return {
    store: deferredStore(opening, backend, backend === 'postgres' ? redactUrl(spec) : resolve(spec)),
    ready: opening.then(() => undefined),
  };
}
