/**
 * The writer the crash test kills: counts the click log into the store batch
 * by batch, with each batch's offsets, the way the course-clicks job does.
 * On start it resumes from the offsets the store holds, after re-sending
 * `replay` batches before them, as a job whose own checkpoint lags would.
 *
 *   node crash-writer.js <store spec> <job> <batches> <batch size> <replay>
 *
 * Prints `begin <n>` before each batch and one JSON summary line at the end.
 */
import { openStore } from '../../src/store/index.js';
import { batchOf, PARTITIONS } from './click-log.js';

const [spec, job, batches, batchSize, replay] = process.argv.slice(2);
const size = Number(batchSize);
const store = await openStore(spec!);
const committed = (await store.committedOffsets(job!)).find((o) => o.partition === 0)?.offset ?? 0;

const summary = { resumedAt: committed, applied: 0, skipped: 0 };
for (let n = Math.max(0, committed / size - Number(replay)); n < Number(batches); n++) {
  process.stdout.write(`begin ${n}\n`);
  const { increments, offsets } = batchOf(PARTITIONS, n, size);
  const result = await store.incrementCounters(increments, { job: job!, offsets });
  summary[result.status]++;
}
await store.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);
