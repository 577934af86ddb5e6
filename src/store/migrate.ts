import { silentLogger, type Logger } from '../log.js';
import { StoreMigrationError, StoreSchemaTooNewError } from './errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import type { SqlClient } from './sql.js';

/** Any constant will do; it only has to be the same for every streamdash process on one database. */
const MIGRATION_LOCK = 0x5d_57_0e;

/**
 * Brings the schema up to date in one transaction and returns the versions it
 * applied (none on a current store). Processes starting together on one
 * PostgreSQL database take turns through an advisory lock.
 */
export async function migrate(client: SqlClient, migrations: readonly Migration[] = MIGRATIONS, logger: Logger = silentLogger): Promise<number[]> {
  const known = Math.max(0, ...migrations.map((m) => m.version));
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS streamdash_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM streamdash_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...applied);
    if (newest > known) throw new StoreSchemaTooNewError(client.target, newest, known);

    const pending = migrations.filter((m) => !applied.has(m.version)).sort((a, b) => a.version - b.version);
    for (const m of pending) {
      try {
        for (const statement of m.statements) await tx.query(statement);
      } catch (err) {
        throw new StoreMigrationError(client.target, m.version, m.name, err);
      }
      await tx.query('INSERT INTO streamdash_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      logger.info({ store: client.target, version: m.version, migration: m.name }, 'store schema migrated');
    }
    return pending.map((m) => m.version);
  });
}
