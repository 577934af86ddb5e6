import { InvalidBatchError } from './errors.js';
import type { Sql } from './sql.js';
import type { WindowResult } from './store.js';

/**
 * One statement for the whole batch. Within a batch the last result for a
 * (window start, key) wins, because one upsert may not touch a row twice.
 */
export async function upsertWindowResults(sql: Sql, job: string, results: readonly WindowResult[]): Promise<void> {
  checkResults(job, results);
  if (results.length === 0) return;
  await sql.query(
    `INSERT INTO window_results (job, window_start, window_end, key, value)
     SELECT DISTINCT ON (u.window_start, u.key) $1, u.window_start, u.window_end, u.key, u.value
     FROM unnest($2::timestamptz[], $3::timestamptz[], $4::text[], $5::float8[]) WITH ORDINALITY AS u(window_start, window_end, key, value, n)
     ORDER BY u.window_start, u.key, u.n DESC
     ON CONFLICT (job, window_start, key) DO UPDATE SET window_end = excluded.window_end, value = excluded.value`,
    [
      job,
      results.map((r) => r.windowStart.toISOString()),
      results.map((r) => r.windowEnd.toISOString()),
      results.map((r) => r.key),
      results.map((r) => r.value),
    ],
  );
}

export async function queryWindowResults(sql: Sql, job: string, from: Date, to: Date): Promise<WindowResult[]> {
  const rows = await sql.query<{ window_start: Date | string; window_end: Date | string; key: string; value: number | string }>(
    `SELECT window_start, window_end, key, value FROM window_results
     WHERE job = $1 AND window_start >= $2 AND window_start < $3
     ORDER BY window_start, key`,
    [job, from.toISOString(), to.toISOString()],
  );
  return rows.map((r) => ({ windowStart: new Date(r.window_start), windowEnd: new Date(r.window_end), key: r.key, value: Number(r.value) }));
}

function checkResults(job: string, results: readonly WindowResult[]): void {
  if (typeof job !== 'string' || job === '') throw new InvalidBatchError('window results need a job name; nothing was written');
  for (const r of results) {
    const ok = isDate(r.windowStart) && isDate(r.windowEnd) && typeof r.key === 'string' && Number.isFinite(r.value);
    if (!ok) throw new InvalidBatchError(`job "${job}": each window result needs windowStart and windowEnd dates, a key and a finite value; got ${JSON.stringify(r)}; nothing was written`);
  }
}

function isDate(d: unknown): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}
