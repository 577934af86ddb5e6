import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from '../log.js';
import { StoreOpenError } from './errors.js';
import { initialiseOffThread, isInitialised } from './pglite-initdb.js';
import { acquireDirLock } from './pglite-lock.js';
import type { Row, Sql, SqlClient } from './sql.js';

/** The embedded back end: PostgreSQL compiled to WASM, its files in one directory. */
export async function openPgliteClient(dir: string, logger: Logger): Promise<SqlClient> {
  const target = resolve(dir);
  try {
    mkdirSync(target, { recursive: true });
  } catch (err) {
    throw new StoreOpenError(target, err);
  }
  const lock = acquireDirLock(target);
  let db: PGlite;
  try {
    if (!isInitialised(target)) await initialiseOffThread(target);
    db = await PGlite.create(target);
  } catch (err) {
    lock.release();
    throw new StoreOpenError(target, err);
  }
  logger.debug({ store: target }, 'embedded store open');

  const over = (q: Pick<PGlite, 'query'>): Sql => ({
    query: async <T extends Row>(text: string, params?: readonly unknown[]) =>
      (await q.query<T>(text, params as unknown[] | undefined)).rows,
  });
  return {
    backend: 'pglite',
    target,
    ...over(db),
    transaction: (fn) => db.transaction((tx) => fn(over(tx))),
    async close() {
      try {
        await db.close();
      } finally {
        lock.release();
      }
    },
  };
}
