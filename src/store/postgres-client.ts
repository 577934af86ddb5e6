import pg from 'pg';
import type { Logger } from '../log.js';
import { StoreUnreachableError } from './errors.js';
import type { Row, Sql, SqlClient } from './sql.js';

export interface PostgresClientOptions {
  /** Connections kept open; concurrent transactions beyond this wait for one. */
  poolSize?: number;
}

/** The server back end: a pg Pool on a postgres:// URL. */
export async function openPostgresClient(url: string, logger: Logger, opts: PostgresClientOptions = {}): Promise<SqlClient> {
  const target = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 4, application_name: 'streamdash' });
  // Without a listener, a server restart killing an idle connection would crash the process.
  pool.on('error', (err) => logger.warn({ err, store: target }, 'an idle PostgreSQL connection failed; the pool opens a new one'));
  try {
    (await pool.connect()).release();
  } catch (err) {
    await pool.end();
    throw new StoreUnreachableError(target, err);
  }
  logger.debug({ store: target }, 'PostgreSQL store open');

  const over = (q: pg.Pool | pg.PoolClient): Sql => ({
    query: async <T extends Row>(text: string, params?: readonly unknown[]) =>
      (await q.query<T>(text, params as unknown[] | undefined)).rows,
  });
  return {
    backend: 'postgres',
    target,
    ...over(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(over(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackErr: Error) => {
          broken = rollbackErr;
        });
        throw err;
      } finally {
        // A connection that could not roll back is in an unknown state: drop it instead of reusing it.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/** The URL as it may appear in logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
