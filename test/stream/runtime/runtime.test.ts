import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Producer } from '@platformatic/kafka';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import type { OutputRecord } from '../../../src/stream/records.js';
import type { BatchSink } from '../../../src/stream/runtime/batch-sink.js';
import { BatchSinkStateError } from '../../../src/stream/runtime/errors.js';
import type { RuntimeMetrics } from '../../../src/stream/runtime/job-metrics.js';
import { StreamRuntime } from '../../../src/stream/runtime/stream-runtime.js';
import type { Topology } from '../../../src/stream/topology/topology.js';
import { inProcessBroker } from '../../helpers/broker.js';
import { createTopics, producePaced } from '../../helpers/produce.js';
import { lastByKey, readTopic } from './topic-reading.js';
import { waitForValue } from '../../helpers/wait-for.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

function start(topology: Topology, options: { applicationId: string; maxPendingOutput?: number; metricsTopic?: string | null; metricsIntervalMs?: number; batchSinks?: BatchSink[] }) {
  const runtime = new StreamRuntime(topology, { bootstrap: broker.bootstrap, checkpointIntervalMs: 300, metricsTopic: null, ...options });
  const stop = new AbortController();
  return { runtime, stop, done: runtime.run(stop.signal) };
}

/** Running totals per value, emitted every 200 ms: keyed state whose changelog the fencing test tampers with. */
function totals(input: string, output: string): Topology {
  const b = new StreamBuilder();
  b.stream(input)
    .mapToPair((v) => [v, 1])
    .updateStateByKey((values: readonly number[], sum: number | undefined) => values.reduce((a, c) => a + c, sum ?? 0), { name: 'sums', interval: '200ms' })
    .toStream()
    .to(output);
  return b.build();
}

const totalOf = async (topic: string, key: string) => Number(lastByKey(await readTopic(broker.port, topic)).get(JSON.stringify(key))?.value?.toString() ?? 0);

test('the metrics object is published to the metrics topic, keyed by the application id', { timeout: 60_000 }, async () => {
  await createTopics(broker.bootstrap, { 'm-in': 2, 'm-out': 1, 'm-metrics': 1 });
  const job = start(totals('m-in', 'm-out'), { applicationId: 'metrics-app', metricsTopic: 'm-metrics', metricsIntervalMs: 200 });
  await producePaced(broker.bootstrap, 'm-in', Array.from({ length: 300 }, (_, i) => `k${i % 5}`), 500);
  await waitForValue('k0 reaching 60', () => totalOf('m-out', 'k0'), (n) => n === 60, { timeoutMs: 30_000, intervalMs: 250 });
  await waitForValue('metrics published while running', () => readTopic(broker.port, 'm-metrics'), (r) => r.length >= 2, { timeoutMs: 30_000, intervalMs: 250 });
  job.stop.abort();
  await job.done;
  const published = await readTopic(broker.port, 'm-metrics');
  assert.ok(published.length >= 3, 'published every interval and once more on stopping');
  assert.ok(published.every((r) => r.key?.toString() === 'metrics-app'));
  const last = JSON.parse(published[published.length - 1]!.value!.toString()) as RuntimeMetrics;
  assert.equal(last.applicationId, 'metrics-app');
  assert.equal(last.recordsIn, 300);
  assert.equal(last.lag, 0);
  assert.equal(last.stateSize, 5, 'five keys in the state; the buffered values were emptied at the last tick');
  assert.deepEqual([...last.tasks].sort(), ['0_0', '0_1', '1_0', '1_1'], 'the sums run behind a two-partition repartition topic');
  for (const field of ['recordsInPerSec', 'recordsOutPerSec', 'lateRecords', 'checkpointMs', 'backpressureMs', 'at'] as const) {
    assert.equal(typeof last[field], 'number', field);
  }
});

test('fetching pauses while output waits for the broker, and every record still arrives once', { timeout: 60_000 }, async () => {
  await createTopics(broker.bootstrap, { 'bp-in': 1, 'bp-out': 1 });
  const b = new StreamBuilder();
  b.stream('bp-in')
    .flatMap((v) => Array.from({ length: 50 }, (_, i) => `${v}-${i}`))
    .to('bp-out');
  await producePaced(broker.bootstrap, 'bp-in', Array.from({ length: 400 }, (_, i) => String(i)), 100);
  const job = start(b.build(), { applicationId: 'bp-app', maxPendingOutput: 500 });
  await waitForValue('all output handed over', async () => job.runtime.metrics().recordsOut, (n) => n === 20_000, { timeoutMs: 30_000, intervalMs: 250 });
  job.stop.abort();
  await job.done;
  assert.ok(job.runtime.metrics().backpressureMs > 0, 'the loop waited for the producer at least once');
  const out = await readTopic(broker.port, 'bp-out');
  assert.equal(new Set(out.map((r) => r.value!.toString())).size, 20_000);
  assert.equal(out.length, 20_000);
});

test('a task that keeps state cannot write to a batch sink: the job stops with an error saying why', { timeout: 60_000 }, async () => {
  await createTopics(broker.bootstrap, { 'bs-in': 1 });
  const sink: BatchSink = {
    topic: 'store:test',
    committedOffsets: async () => [],
    add: (_task: string, _record: OutputRecord) => undefined,
    commit: async () => [],
    discard: () => undefined,
  };
  await producePaced(broker.bootstrap, 'bs-in', ['a', 'b'], 10);
  const job = start(totals('bs-in', 'store:test'), { applicationId: 'bs-app', batchSinks: [sink] });
  await assert.rejects(job.done, BatchSinkStateError);
});

test('a checkpoint written late by an instance that lost the task is ignored by the next restore', { timeout: 60_000 }, async () => {
  await createTopics(broker.bootstrap, { 'f-in': 1, 'f-out': 1 });
  const changelog = 'fence-app-sub-0-changelog';
  let job = start(totals('f-in', 'f-out'), { applicationId: 'fence-app' });
  await producePaced(broker.bootstrap, 'f-in', Array(30).fill('a'), 10);
  await waitForValue('a reaching 30', () => totalOf('f-out', 'a'), (n) => n === 30, { timeoutMs: 30_000, intervalMs: 250 });
  await producePaced(broker.bootstrap, 'f-in', Array(70).fill('a'), 10);
  await waitForValue('a reaching 100', () => totalOf('f-out', 'a'), (n) => n === 100, { timeoutMs: 30_000, intervalMs: 250 });
  job.stop.abort();
  await job.done;

  // A zombie's late write: the state entry as it was at 30, under a marker at position 100, from an owner older than the claim.
  const records = await readTopic(broker.port, changelog);
  // A sums-state entry's value is int64 updatedAt, then the JSON state.
  const stale = records.find((r) => r.key![1] === 1 && r.key!.includes('sums-state') && r.value!.subarray(8).toString() === '30');
  const lastMarker = records.findLast((r) => r.key![1] === 0);
  assert.ok(stale !== undefined && lastMarker !== undefined, 'the changelog holds the state at 30 and a last marker');
  const producer = new Producer({ clientId: 'zombie', bootstrapBrokers: [broker.bootstrap] });
  await producer.send({ messages: [stale, lastMarker].map((r) => ({ topic: changelog, partition: 0, key: r.key!, value: r.value! })) });
  await producer.close();

  job = start(totals('f-in', 'f-out'), { applicationId: 'fence-app' });
  await producePaced(broker.bootstrap, 'f-in', Array(50).fill('a'), 10);
  await waitForValue('a counting the last 50', () => totalOf('f-out', 'a'), (n) => n >= 150 || n === 80, { timeoutMs: 30_000, intervalMs: 250 });
  assert.equal(await totalOf('f-out', 'a'), 150, '80 would mean the stale entry was applied');
  job.stop.abort();
  await job.done;
});
