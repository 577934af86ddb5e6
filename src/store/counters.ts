import { claimBatch } from './batch-guard.js';
import { InvalidBatchError } from './errors.js';
import type { Sql, SqlClient } from './sql.js';
import type { BatchGuard, CellQuery, Counter, CounterCell, CounterIncrement, IncrementResult, PartitionOffset } from './store.js';

/**
 * One transaction: claim the batch, then add every increment in a single
 * statement. Keys repeated in the batch are summed first, because one upsert
 * may not touch a row twice; rows are locked in key order, so two writers on
 * the same keys wait for each other instead of deadlocking.
 */
export async function incrementCounters(client: SqlClient, increments: readonly CounterIncrement[], guard: BatchGuard): Promise<IncrementResult> {
  checkIncrements(increments);
  return client.transaction(async (tx): Promise<IncrementResult> => {
    const claim = await claimBatch(tx, guard);
    if (!claim.claimed) return { status: 'skipped', reason: claim.reason };
    if (increments.length === 0) return { status: 'applied', counters: [] };
    const rows = await tx.query<CounterRow>(
      `INSERT INTO counters (tbl, row_key, value)
       SELECT u.tbl, u.row_key, sum(u.amount)
       FROM unnest($1::text[], $2::text[], $3::bigint[]) AS u(tbl, row_key, amount)
       GROUP BY u.tbl, u.row_key
       ORDER BY u.tbl, u.row_key
       ON CONFLICT (tbl, row_key) DO UPDATE SET value = counters.value + excluded.value, updated_at = now()
       RETURNING tbl, row_key, value`,
      [increments.map((i) => i.table), increments.map((i) => i.rowKey), increments.map((i) => i.amount)],
    );
    return { status: 'applied', counters: rows.map(toCounter).sort(byTableAndKey) };
  });
}

export async function readCounter(sql: Sql, table: string, rowKey: string): Promise<number | undefined> {
  const rows = await sql.query<CounterRow>('SELECT tbl, row_key, value FROM counters WHERE tbl = $1 AND row_key = $2', [table, rowKey]);
  return rows[0] ? Number(rows[0].value) : undefined;
}

export async function scanCounters(sql: Sql, table: string, prefix: string): Promise<Counter[]> {
  const pattern = likePrefix(prefix);
  const rows = await sql.query<CounterRow>(
    `SELECT tbl, row_key, value FROM counters WHERE tbl = $1 AND row_key LIKE $2 ESCAPE '\\' ORDER BY row_key`,
    [table, pattern],
  );
  return rows.map(toCounter);
}

/** The cells of a table, as HBase's scan and get give them: one row key, or a key prefix, at most `limit`. */
export async function counterCells(sql: Sql, table: string, which: CellQuery): Promise<CounterCell[]> {
  const pattern = which.rowKey ?? likePrefix(which.prefix ?? '');
  const rows = await sql.query<{ row_key: string; value: string | number; updated_ms: string | number }>(
    `SELECT row_key, value, floor(extract(epoch FROM updated_at) * 1000) AS updated_ms FROM counters
     WHERE tbl = $1 AND ${which.rowKey === undefined ? "row_key LIKE $2 ESCAPE '\\'" : 'row_key = $2'}
     ORDER BY row_key LIMIT $3`,
    [table, pattern, which.limit ?? null],
  );
  return rows.map((r) => ({ rowKey: r.row_key, value: Number(r.value), timestamp: Number(r.updated_ms) }));
}

/** A LIKE pattern for the keys starting with prefix, escaped, since row keys are full of '_', which LIKE reads as "any character". */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
}

export async function counterTables(sql: Sql): Promise<{ table: string; rows: number }[]> {
  const rows = await sql.query<{ tbl: string; n: string | number }>('SELECT tbl, count(*) AS n FROM counters GROUP BY tbl ORDER BY tbl');
  return rows.map((r) => ({ table: r.tbl, rows: Number(r.n) }));
}

export async function committedOffsets(sql: Sql, job: string): Promise<PartitionOffset[]> {
  const rows = await sql.query<{ topic: string; partition: number; next_offset: string | number }>(
    'SELECT topic, partition, next_offset FROM job_offsets WHERE job = $1 ORDER BY topic, partition',
    [job],
  );
  return rows.map((r) => ({ topic: r.topic, partition: Number(r.partition), offset: Number(r.next_offset) }));
}

interface CounterRow extends Record<string, unknown> {
  tbl: string;
  row_key: string;
  // pg returns bigint as a string, PGlite as a number.
  value: string | number | bigint;
}

function toCounter(r: CounterRow): Counter {
  return { table: r.tbl, rowKey: r.row_key, value: Number(r.value) };
}

function byTableAndKey(a: Counter, b: Counter): number {
  return a.table < b.table ? -1 : a.table > b.table ? 1 : a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0;
}

function checkIncrements(increments: readonly CounterIncrement[]): void {
  if (!Array.isArray(increments)) throw new InvalidBatchError('increments must be an array of { table, rowKey, amount }');
  for (const i of increments) {
    if (typeof i.table !== 'string' || i.table === '' || typeof i.rowKey !== 'string' || !Number.isSafeInteger(i.amount)) {
      throw new InvalidBatchError(`each increment needs a table, a row key and a whole amount; got ${JSON.stringify(i)}; nothing was written`);
    }
  }
}
