import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { GENDER_DEAD_LETTERS } from '../../../src/apps/gender/gender-job.js';
import { Fetcher, type IsolationLevel } from '../../../src/client/index.js';
import type { KafkaRecord } from '../../../src/protocol/records/record.js';
import { createTopics, producePaced } from '../../helpers/produce.js';
import { waitForValue } from '../../helpers/wait-for.js';
import { spawnJob, tasksAssigned, type JobProcess } from '../../stream/runtime/job-process.js';
import { genderInput, reached, sumResults } from './gender-results.js';

// The gender job under exactly_once_v2, as a process, against any broker: the embedded one
// (exactly-once.test.ts) and Kafka 4.4 (test/e2e/gender-exactly-once-on-kafka.test.ts).

interface TopicRead {
  readonly records: KafkaRecord[];
  /** Batches of records that were not written in a transaction. */
  readonly plainBatches: number;
  readonly controlBatches: number;
}

/** Every record of partition 0 of `topic` that a reader at `isolation` sees, up to where such a reader may read. */
async function readAll(bootstrap: string, topic: string, isolation: IsolationLevel): Promise<TopicRead> {
  const fetcher = new Fetcher(bootstrap, { clientId: `eos-test-${isolation}`, maxBytes: 4 << 20, isolation });
  const read = { records: [] as KafkaRecord[], plainBatches: 0, controlBatches: 0 };
  try {
    let offset = 0;
    for (;;) {
      const [answer] = await fetcher.fetch([{ topic, partition: 0, offset }], 0);
      if (answer === undefined || answer.error !== undefined || answer.batches.length === 0) return read;
      for (const batch of answer.batches) {
        if (batch.isControlBatch) read.controlBatches++;
        else for (const r of batch.records) if (r.offset >= offset) read.records.push(r);
        if (!batch.isTransactional) read.plainBatches++;
        offset = Math.max(offset, batch.baseOffset + batch.lastOffsetDelta + 1);
      }
      if (offset >= answer.readableEnd) return read;
    }
  } finally {
    await fetcher.close();
  }
}

/** The windows of `records` keyed as the job keys them, each with how often it appears. */
function windowCounts(records: readonly KafkaRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.key!.toString('utf8'), (counts.get(r.key!.toString('utf8')) ?? 0) + 1);
  return counts;
}

function assertEachWindowOnce(records: readonly KafkaRecord[]): void {
  const repeated = [...windowCounts(records)].filter(([, n]) => n > 1);
  assert.deepEqual(repeated, [], 'a read_committed reader sees each window once');
}

function jobArgs(bootstrap: string, name: string): string[] {
  return [
    'gender',
    '--bootstrap', bootstrap,
    '--application-id', `gender-${name}`,
    '--input', `sex-${name}`,
    '--output', `result-${name}`,
    '--dead-letter-topic', `${GENDER_DEAD_LETTERS}-${name}`,
    '--processing-guarantee', 'exactly_once_v2',
    '--session-timeout', '6s',
    '--no-metrics-topic',
  ];
}

async function setUp(bootstrap: string, name: string, inputPartitions = 1): Promise<void> {
  await createTopics(bootstrap, { [`sex-${name}`]: inputPartitions, [`result-${name}`]: 1, [`${GENDER_DEAD_LETTERS}-${name}`]: 1 });
}

/** Without a crash: a read_committed reader of result sees each window once, and the sums equal the input. */
export async function eachWindowOnce(bootstrap: string, name: string): Promise<void> {
  await setUp(bootstrap, name);
  const data = genderInput(7, 3000);
  const job = await spawnJob(jobArgs(bootstrap, name));
  try {
    await job.waitForLog(tasksAssigned());
    await producePaced(bootstrap, `sex-${name}`, data.values, 3000);
    const read = async () => (await readAll(bootstrap, `result-${name}`, 'read_committed')).records;
    await waitForValue(`sums reaching ${JSON.stringify(data.expected)}`, async () => sumResults(await read(), 1000), (sums) => reached(sums, data.expected), { timeoutMs: 30_000, intervalMs: 250 });
    // Past more commits and windows: a window emitted twice or a record counted twice would show up now.
    await sleep(2000);
    const committed = await readAll(bootstrap, `result-${name}`, 'read_committed');
    assertEachWindowOnce(committed.records);
    assert.deepEqual(sumResults(committed.records, 1000), data.expected);
    assert.equal(committed.plainBatches, 0, 'every batch of result was written in a transaction');
    assert.ok(committed.controlBatches > 0, 'the transactions were committed with markers');
    assert.equal(await job.stop('SIGTERM'), 0, job.output());
  } finally {
    await job.stop('SIGKILL');
  }
}

/** kill -9 mid-run and a restart: read_committed still sees each window once, and the sums equal the input. */
export async function eachWindowOnceAcrossKill(bootstrap: string, name: string): Promise<void> {
  await setUp(bootstrap, name);
  const data = genderInput(8, 5000);
  // Commits 2 s apart, windows every 1 s: the transaction open at the kill holds output as well as state and offsets.
  const args = [...jobArgs(bootstrap, name), '--checkpoint-interval', '2s'];
  let job: JobProcess = await spawnJob(args);
  try {
    await job.waitForLog(tasksAssigned());
    const producing = producePaced(bootstrap, `sex-${name}`, data.values, 6000);
    const read = async () => (await readAll(bootstrap, `result-${name}`, 'read_committed')).records;
    await waitForValue('the first committed windows', read, (r) => r.length >= 2, { timeoutMs: 30_000, intervalMs: 100 });
    // Between 1.2 and 1.8 s after a commit: past a window's emission, before the next commit.
    await sleep(1200 + Math.floor(Math.random() * 600));
    assert.equal(await job.stop('SIGKILL'), null, 'killed by the signal');
    job = await spawnJob(args);
    await producing;

    // The killed instance's open transaction is aborted by its timeout (10 s); until then read_committed readers wait behind it.
    await waitForValue(`sums reaching ${JSON.stringify(data.expected)}`, async () => sumResults(await read(), 1000), (sums) => reached(sums, data.expected), { timeoutMs: 60_000, intervalMs: 250 });
    await sleep(2000);
    const committed = await read();
    assertEachWindowOnce(committed);
    assert.deepEqual(sumResults(committed, 1000), data.expected);
    const everything = (await readAll(bootstrap, `result-${name}`, 'read_uncommitted')).records;
    assert.ok(everything.length > committed.length, `the kill caught output in its open transaction, now aborted: ${everything.length} records in result, ${committed.length} committed`);
    assert.ok(windowCounts(everything).size < everything.length, 'a read_uncommitted reader sees a window twice: the aborted emission and the one after the restart');
    assert.equal(await job.stop('SIGTERM'), 0, job.output());
  } finally {
    await job.stop('SIGKILL');
  }
}

/**
 * `sex` in 2 partitions, so counts go through the repartition topic (written in transactions,
 * read read_committed), and two instances: one is killed with kill -9 mid-run, the other's
 * next assignment aborts its open transaction, and the killed one comes back.
 */
export async function eachWindowOnceWithTwoInstances(bootstrap: string, name: string): Promise<void> {
  await setUp(bootstrap, name, 2);
  const data = genderInput(9, 6000);
  const args = jobArgs(bootstrap, name);
  const jobs: JobProcess[] = [await spawnJob(args)];
  try {
    await jobs[0]!.waitForLog(tasksAssigned());
    jobs.push(await spawnJob(args));
    await waitForValue('the two instances splitting the tasks', async () => jobs.map((j) => j.tasks().length), ([a, b]) => a! > 0 && b! > 0, { timeoutMs: 30_000, intervalMs: 250 });
    const producing = producePaced(bootstrap, `sex-${name}`, data.values, 8000);
    const read = async () => (await readAll(bootstrap, `result-${name}`, 'read_committed')).records;
    await waitForValue('the first committed windows', read, (r) => r.length >= 2, { timeoutMs: 30_000, intervalMs: 100 });
    await sleep(Math.floor(Math.random() * 1000));
    assert.equal(await jobs[0]!.stop('SIGKILL'), null, 'killed by the signal');
    jobs[0] = await spawnJob(args);
    await producing;

    await waitForValue(`sums reaching ${JSON.stringify(data.expected)}`, async () => sumResults(await read(), 1000), (sums) => reached(sums, data.expected), { timeoutMs: 60_000, intervalMs: 250 }).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${jobs.map((j, i) => `instance ${i}:\n${j.output().slice(-3000)}`).join('\n')}`);
    });
    await sleep(2000);
    const committed = await read();
    assertEachWindowOnce(committed);
    assert.deepEqual(sumResults(committed, 1000), data.expected);
    for (const job of jobs) assert.equal(await job.stop('SIGTERM'), 0, job.output());
  } finally {
    for (const job of jobs) await job.stop('SIGKILL');
  }
}
