import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
// Only clientStream() reaches past src/client: it times @platformatic/kafka's own consumer, for context.
import { Consumer, MessagesStreamModes } from '@platformatic/kafka';
import { pino } from 'pino';
import { genderJob } from '../src/apps/gender/gender-job.js';
import { connectOptions } from '../src/client/bootstrap.js';
import { createAdmin, Fetcher } from '../src/client/index.js';
import { jobRuntimeOptions, StreamRuntime } from '../src/stream/runtime/index.js';
import { freePort, spawnBroker } from '../test/helpers/broker.js';
import { printFigures } from './report.js';

const STATUS_EVERY_MS = 2000;

/**
 * `npm run bench -- stream [--records N] [--rounds N] [--repartition-records N]`: the gender job over
 * N records (default 5,000,000) produced in advance into a one-partition `sex` (the
 * seed's set-up), against a raw consume loop over the same records with the same client
 * path the runtime reads with (src/client's Fetcher: @platformatic/kafka's connection, the
 * project's record decoder). For context it also times @platformatic/kafka's own Consumer.consume()
 * stream, and the job with `sex` in four partitions, where every record goes through the
 * repartition topic in front of the window. The broker runs in its own process.
 */
export async function main(args: string[]): Promise<void> {
  const records = numberArg(args, '--records', 5_000_000);
  const repartitionRecords = numberArg(args, '--repartition-records', 500_000);
  const rounds = numberArg(args, '--rounds', 3);
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-bench-stream-'));
  const broker = await spawnBroker(join(dir, 'broker'), await freePort());
  try {
    await createTopics(broker.bootstrap, { sex: 1, 'sex-4': 4 });
    await produce(broker.bootstrap, 'sex', records, join(dir, 'sex.txt'));
    await produce(broker.bootstrap, 'sex-4', repartitionRecords, join(dir, 'sex-4.txt'));

    // Raw loop and job take turns, and the medians are compared: other work on the machine moves single runs by up to 2x.
    const raws: number[] = [];
    const jobs: Array<{ processingMs: number; totalMs: number }> = [];
    for (let round = 1; round <= rounds; round++) {
      raws.push(await rawLoop(broker.bootstrap, records));
      jobs.push(await genderRun(broker.bootstrap, 'sex', records, `bench-gender-${round}`));
    }
    const raw = median(raws);
    const job = { processingMs: median(jobs.map((j) => j.processingMs)), totalMs: median(jobs.map((j) => j.totalMs)) };
    const client = await clientStream(broker.bootstrap, records);
    const repartitioned = await genderRun(broker.bootstrap, 'sex-4', repartitionRecords, 'bench-gender-4');

    const rate = (n: number, ms: number) => (n * 1000) / ms;
    const rounded = (ms: readonly number[]) => ms.map((m) => Math.round(rate(records, m)).toLocaleString('en-US')).join(', ');
    console.log(`rounds: gender job ${rounded(jobs.map((j) => j.processingMs))} events/s; raw loop ${rounded(raws)} records/s`);
    printFigures(
      `Stream (${records.toLocaleString('en-US')} one-byte gender values, sex in 1 partition; medians of ${rounds} rounds)`,
      [
        { name: 'gender job', value: rate(records, job.processingMs), unit: 'events/s', baseline: rate(records, raw), higherIsBetter: true },
        { name: 'gender job, start to last record (group join and restore included)', value: job.totalMs / 1000, unit: 's', higherIsBetter: false },
        { name: 'raw loop (runtime read path: client connection + project decoder)', value: rate(records, raw), unit: 'records/s', higherIsBetter: true },
        { name: '@platformatic/kafka Consumer.consume() stream', value: rate(records, client), unit: 'records/s', baseline: rate(records, raw), higherIsBetter: true },
        { name: `gender job, sex in 4 partitions (${repartitionRecords.toLocaleString('en-US')} records through the repartition topic)`, value: rate(repartitionRecords, repartitioned.processingMs), unit: 'events/s', higherIsBetter: true },
      ],
      'raw loop',
    );
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function createTopics(bootstrap: string, topics: Record<string, number>): Promise<void> {
  const admin = createAdmin(bootstrap, 'bench-stream-admin');
  try {
    for (const [topic, partitions] of Object.entries(topics)) await admin.createTopic(topic, { partitions });
  } finally {
    await admin.close();
  }
}

/** Values "0", "1", "2" in a fixed pseudo-random order, produced with kcat, which is far faster than any producer here. */
async function produce(bootstrap: string, topic: string, count: number, file: string): Promise<void> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('error', reject);
    let x = 1;
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      lines.push(String(x % 3));
      if (lines.length === 100_000) out.write(lines.splice(0).join('\n') + '\n');
    }
    out.end(lines.length > 0 ? lines.join('\n') + '\n' : '', resolve);
  });
  await new Promise<void>((resolve, reject) => {
    const p = spawn('kcat', ['-P', '-b', bootstrap, '-t', topic, '-X', 'acks=1', '-l', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.once('error', (e) => reject(new Error(`could not run kcat (${e.message}); install it with scripts/install-test-deps.sh`)));
    p.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`kcat exited ${code}: ${err}`))));
  });
  console.log(`produced ${count.toLocaleString('en-US')} records to ${topic} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Prints a status line at most every STATUS_EVERY_MS, so a long phase shows it is moving. */
class Status {
  private readonly started = performance.now();
  private last = this.started;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(done: number): void {
    const now = performance.now();
    if (now - this.last < STATUS_EVERY_MS) return;
    this.last = now;
    console.log(`${this.label}: ${done.toLocaleString('en-US')} / ${this.total.toLocaleString('en-US')} after ${((now - this.started) / 1000).toFixed(1)} s`);
  }
}

/**
 * Fetch and decode every record as the runtime does, touching each value, with no
 * processing: the ceiling for a job. Like the runtime, it sends the next fetch before
 * going through the current answer, so the broker works meanwhile.
 */
async function rawLoop(bootstrap: string, records: number): Promise<number> {
  const fetcher = new Fetcher(bootstrap, { clientId: 'bench-raw', maxBytes: 8 << 20 });
  const progress = new Status('raw loop', records);
  const started = performance.now();
  let count = 0;
  let checksum = 0;
  let next = fetcher.fetch([{ topic: 'sex', partition: 0, offset: 0 }], 500);
  try {
    while (count < records) {
      const answers = await next;
      const last = answers.flatMap((a) => a.batches).at(-1);
      if (last !== undefined) next = fetcher.fetch([{ topic: 'sex', partition: 0, offset: last.baseOffset + last.lastOffsetDelta + 1 }], 500);
      for (const answer of answers) {
        for (const batch of answer.batches) {
          for (const record of batch.records) checksum += record.value![0]!;
          count += batch.records.length;
        }
      }
      progress.update(count);
    }
  } finally {
    // The last prefetch asks past the end; closing the pool under it is expected.
    next.catch(() => undefined);
    await fetcher.close();
  }
  const ms = performance.now() - started;
  console.log(`raw loop: ${count.toLocaleString('en-US')} records in ${(ms / 1000).toFixed(2)} s (checksum ${checksum})`);
  return ms;
}

/** @platformatic/kafka's message stream, the way src/client/consumer.ts reads. */
async function clientStream(bootstrap: string, records: number): Promise<number> {
  const consumer = new Consumer({ ...connectOptions(bootstrap, 'bench-client'), groupId: 'bench-client', maxBytes: 8 << 20, maxWaitTime: 500 });
  const stream = await consumer.consume({ topics: ['sex'], mode: MessagesStreamModes.EARLIEST, autocommit: false });
  const progress = new Status('client stream', records);
  const started = performance.now();
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('data', () => {
      if (++count === records) resolve();
      else if (count % 100_000 === 0) progress.update(count);
    });
  });
  const ms = performance.now() - started;
  await stream.close();
  await consumer.close(true);
  console.log(`client stream: ${count.toLocaleString('en-US')} records in ${(ms / 1000).toFixed(2)} s`);
  return ms;
}

/**
 * The gender job in this process, from a fresh application id. The clock runs from the
 * runtime's "tasks assigned" log line, written once the group is joined and the tasks
 * restored, to the last record: a poll of the metrics cannot time the start, since the
 * loop may be busy with a whole fetch when the first record is counted.
 */
async function genderRun(bootstrap: string, input: string, records: number, applicationId: string): Promise<{ processingMs: number; totalMs: number }> {
  let assigned = 0;
  const logger = pino({ level: 'info' }, {
    write(line: string) {
      if (assigned === 0 && line.includes('"msg":"tasks assigned"')) assigned = performance.now();
    },
  });
  const job = genderJob({ input, output: `${applicationId}-result` });
  const runtime = new StreamRuntime(job.topology, jobRuntimeOptions(job, { bootstrap, applicationId, metricsTopic: null, logger }));
  const stop = new AbortController();
  const progress = new Status(`gender job (${input})`, records);
  const started = performance.now();
  const done = runtime.run(stop.signal);
  for (;;) {
    const seen = runtime.metrics().recordsIn;
    if (seen >= records) break;
    progress.update(seen);
    await Promise.race([sleep(5), done]);
  }
  const end = performance.now();
  stop.abort();
  await done;
  console.log(`gender job (${input}): ${records.toLocaleString('en-US')} records in ${((end - assigned) / 1000).toFixed(2)} s once its tasks were assigned`);
  return { processingMs: end - assigned, totalMs: end - started };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function numberArg(args: string[], flag: string, fallback: number): number {
  const at = args.indexOf(flag);
  if (at === -1) return fallback;
  const n = Number(args[at + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes a whole number ≥ 1, got "${args[at + 1]}"`);
  return n;
}
