import { silentLogger, type Logger } from '../log.js';
import { InvalidStoreSpecError } from './errors.js';
import { openPgliteClient } from './pglite-client.js';
import { openPostgresClient } from './postgres-client.js';
import type { Backend, SqlClient } from './sql.js';

/** Where the embedded store lives unless --store says otherwise. */
export const DEFAULT_STORE_SPEC = './streamdash-data/store';

export interface OpenClientOptions {
  logger?: Logger;
  /** PostgreSQL only: connections kept open. */
  poolSize?: number;
}

/** A postgres:// or postgresql:// URL means a server; any other string without a scheme is a PGlite directory. */
export function backendOf(spec: string): Backend {
  if (/^postgres(ql)?:\/\//i.test(spec)) return 'postgres';
  if (spec.trim() === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) throw new InvalidStoreSpecError(spec);
  return 'pglite';
}

export function openSqlClient(spec: string, opts: OpenClientOptions = {}): Promise<SqlClient> {
  const logger = opts.logger ?? silentLogger;
  return backendOf(spec) === 'postgres'
    ? openPostgresClient(spec, logger, { poolSize: opts.poolSize })
    : openPgliteClient(spec, logger);
}
