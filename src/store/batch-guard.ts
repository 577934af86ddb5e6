import { InvalidBatchError, OffsetConflictError } from './errors.js';
import type { Sql } from './sql.js';
import type { BatchGuard, BatchOffsets } from './store.js';

type Claim = { claimed: true } | { claimed: false; reason: string };

/**
 * Records the batch's guard inside the caller's transaction and says whether
 * the batch is new. The check and the write are one conditional upsert, so of
 * two writers racing with the same batch exactly one claims it, while writers
 * on different partitions of one job touch different rows and both go through.
 */
export async function claimBatch(tx: Sql, guard: BatchGuard): Promise<Claim> {
  checkGuard(guard);
  if ('batchId' in guard) {
    const rows = await tx.query(
      'INSERT INTO job_batches (job, batch_id) VALUES ($1, $2) ON CONFLICT (job, batch_id) DO NOTHING RETURNING batch_id',
      [guard.job, guard.batchId],
    );
    return rows.length === 1 ? { claimed: true } : { claimed: false, reason: `batch "${guard.batchId}" of job "${guard.job}" was applied before` };
  }

  const offsets = [...guard.offsets].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  // Ordered so that concurrent writers lock offset rows in the same order and cannot deadlock.
  const advanced = await tx.query<{ topic: string; partition: number }>(
    `INSERT INTO job_offsets (job, topic, partition, next_offset, last_batch_from)
     SELECT $1, u.topic, u.partition, u.next_offset, u.batch_from
     FROM unnest($2::text[], $3::integer[], $4::bigint[], $5::bigint[]) AS u(topic, partition, next_offset, batch_from)
     ORDER BY u.topic, u.partition
     ON CONFLICT (job, topic, partition) DO UPDATE
       SET next_offset = excluded.next_offset, last_batch_from = excluded.last_batch_from, updated_at = now()
       WHERE job_offsets.next_offset < excluded.next_offset
         AND (excluded.last_batch_from IS NULL OR excluded.last_batch_from = job_offsets.next_offset)
     RETURNING topic, partition`,
    [guard.job, offsets.map((o) => o.topic), offsets.map((o) => o.partition), offsets.map((o) => o.offset), offsets.map((o) => o.from ?? null)],
  );
  if (advanced.length === offsets.length) return { claimed: true };

  const moved = new Set(advanced.map(key));
  const committed = await committedFor(tx, guard.job);
  const held = offsets.filter((o) => !moved.has(key(o)));
  if (advanced.length === 0 && held.every((o) => o.offset <= (committed.get(key(o)) ?? -1))) {
    return { claimed: false, reason: `job "${guard.job}" already committed offsets at or past ${formatOffsets(offsets)}` };
  }
  // A partition that read nothing new stays where it is; that is no conflict while others advance.
  const mismatched = held.filter((o) => !(o.offset === committed.get(key(o)) && (o.from === undefined || o.from === o.offset)));
  if (mismatched.length === 0) return { claimed: true };
  throw new OffsetConflictError(guard.job, mismatched.map((o) => ({ ...o, committed: committed.get(key(o)) })));
}

async function committedFor(tx: Sql, job: string): Promise<Map<string, number>> {
  const rows = await tx.query<{ topic: string; partition: number; next_offset: string | number }>(
    'SELECT topic, partition, next_offset FROM job_offsets WHERE job = $1',
    [job],
  );
  return new Map(rows.map((r) => [key(r), Number(r.next_offset)]));
}

function key(o: { topic: string; partition: number }): string {
  return `${o.topic}\0${o.partition}`;
}

function checkGuard(guard: BatchGuard): void {
  if (typeof guard.job !== 'string' || guard.job === '') throw new InvalidBatchError('the batch guard needs a job name: pass { job, offsets } or { job, batchId }');
  if ('batchId' in guard) {
    if (typeof guard.batchId !== 'string' || guard.batchId === '') throw new InvalidBatchError(`job "${guard.job}": batchId must be a non-empty string`);
    return;
  }
  if (!Array.isArray(guard.offsets) || guard.offsets.length === 0) {
    throw new InvalidBatchError(`job "${guard.job}": pass the offsets the batch reaches (at least one partition), or a batchId`);
  }
  const seen = new Set<string>();
  for (const o of guard.offsets) {
    const fromOk = o.from === undefined || (isWhole(o.from) && o.from <= o.offset);
    if (typeof o.topic !== 'string' || !isWhole(o.partition) || !isWhole(o.offset) || !fromOk) {
      throw new InvalidBatchError(
        `job "${guard.job}": each offset needs a topic, a partition ≥ 0, an offset ≥ 0 and, if given, from ≤ offset; got ${JSON.stringify(o)}`,
      );
    }
    if (seen.has(key(o))) throw new InvalidBatchError(`job "${guard.job}": ${o.topic}[${o.partition}] appears twice in the batch's offsets; give each partition once`);
    seen.add(key(o));
  }
}

function isWhole(n: unknown): boolean {
  return Number.isSafeInteger(n) && (n as number) >= 0;
}

function formatOffsets(offsets: readonly BatchOffsets[]): string {
  return offsets.map((o) => `${o.topic}[${o.partition}]=${o.offset}`).join(', ');
}
