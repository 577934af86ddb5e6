import { InvalidBatchError } from './errors.js';
import type { Sql, SqlClient } from './sql.js';
import { SNAPSHOT_SIZE, type PopularityEntry, type PopularitySnapshot } from './store.js';

export async function saveSnapshot(client: SqlClient, job: string, takenAt: Date, entries: readonly PopularityEntry[]): Promise<PopularitySnapshot> {
  checkSnapshot(job, takenAt, entries);
  const top = [...entries]
    .sort((a, b) => b.score - a.score || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0))
    .slice(0, SNAPSHOT_SIZE)
    .map((e, i) => ({ rank: i + 1, item: e.item, score: e.score }));
  await client.transaction(async (tx) => {
    await tx.query('DELETE FROM popularity_snapshots WHERE job = $1 AND taken_at = $2', [job, takenAt.toISOString()]);
    if (top.length === 0) return;
    await tx.query(
      `INSERT INTO popularity_snapshots (job, taken_at, rank, item, score)
       SELECT $1, $2, u.rank, u.item, u.score FROM unnest($3::smallint[], $4::text[], $5::float8[]) AS u(rank, item, score)`,
      [job, takenAt.toISOString(), top.map((e) => e.rank), top.map((e) => e.item), top.map((e) => e.score)],
    );
  });
  return { job, takenAt, entries: top };
}

export async function latestSnapshot(sql: Sql, job: string): Promise<PopularitySnapshot | undefined> {
  const rows = await sql.query<SnapshotRow>(
    `SELECT taken_at, rank, item, score FROM popularity_snapshots
     WHERE job = $1 AND taken_at = (SELECT max(taken_at) FROM popularity_snapshots WHERE job = $1)
     ORDER BY rank`,
    [job],
  );
  return group(job, rows)[0];
}

export async function snapshots(sql: Sql, job: string, from: Date, to: Date): Promise<PopularitySnapshot[]> {
  const rows = await sql.query<SnapshotRow>(
    `SELECT taken_at, rank, item, score FROM popularity_snapshots
     WHERE job = $1 AND taken_at >= $2 AND taken_at < $3
     ORDER BY taken_at, rank`,
    [job, from.toISOString(), to.toISOString()],
  );
  return group(job, rows);
}

interface SnapshotRow extends Record<string, unknown> {
  taken_at: Date | string;
  rank: number;
  item: string;
  score: number | string;
}

/** Rows arrive ordered by time then rank; consecutive rows with one time form one snapshot. */
function group(job: string, rows: readonly SnapshotRow[]): PopularitySnapshot[] {
  const out: PopularitySnapshot[] = [];
  for (const r of rows) {
    const takenAt = new Date(r.taken_at);
    let last = out[out.length - 1];
    if (!last || last.takenAt.getTime() !== takenAt.getTime()) {
      last = { job, takenAt, entries: [] };
      out.push(last);
    }
    last.entries.push({ rank: Number(r.rank), item: r.item, score: Number(r.score) });
  }
  return out;
}

function checkSnapshot(job: string, takenAt: Date, entries: readonly PopularityEntry[]): void {
  if (typeof job !== 'string' || job === '') throw new InvalidBatchError('a popularity snapshot needs a job name; nothing was written');
  if (!(takenAt instanceof Date) || Number.isNaN(takenAt.getTime())) throw new InvalidBatchError(`job "${job}": takenAt must be a valid Date; nothing was written`);
  for (const e of entries) {
    if (typeof e.item !== 'string' || !Number.isFinite(e.score)) {
      throw new InvalidBatchError(`job "${job}": each popularity entry needs an item and a finite score; got ${JSON.stringify(e)}; nothing was written`);
    }
  }
}
