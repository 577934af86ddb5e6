import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import { StreamRuntime } from '../../../src/stream/runtime/stream-runtime.js';
import { serdes } from '../../../src/stream/serde.js';
import type { Topology } from '../../../src/stream/topology/topology.js';
import { JoinWindows } from '../../../src/stream/windows.js';
import { inProcessBroker } from '../../helpers/broker.js';
import { createTopics, withProducer } from '../../helpers/produce.js';
import { waitForValue } from '../../helpers/wait-for.js';
import { readTopic } from './topic-reading.js';

// Joins on the real embedded broker, through the runtime: co-partitioned topics of two
// partitions, tasks reading both, and a restart that rebuilds the table from its own topic.

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

function start(topology: Topology, applicationId: string) {
  const runtime = new StreamRuntime(topology, { bootstrap: broker.bootstrap, applicationId, checkpointIntervalMs: 200, metricsTopic: null });
  const stop = new AbortController();
  return { runtime, stop, done: runtime.run(stop.signal) };
}

const send = (topic: string, records: ReadonlyArray<{ key: string; value: string | null; timestamp?: number }>) =>
  withProducer(broker.bootstrap, (p) => p.send({ messages: records.map((r) => ({ topic, ...r })) }));

/** Output records as "key value", sorted: the two tasks' results interleave in no fixed order. */
const outputOf = async (topic: string) =>
  (await readTopic(broker.port, topic)).map((r) => `${JSON.parse(r.key!.toString()) as string} ${JSON.parse(r.value!.toString()) as string}`).sort();

test('user_log left-joined with the users table on the embedded broker, across a restart of the job', { timeout: 60_000 }, async () => {
  await createTopics(broker.bootstrap, { 'j-users': 2, 'j-log': 2, 'j-out': 1 });
  const b = new StreamBuilder();
  const users = b.table('j-users', { value: serdes.json<{ age: string }>() });
  b.stream('j-log')
    .leftJoin(users, (action, user) => `${action}/${user?.age ?? 'unknown'}`)
    .to('j-out');
  const topology = b.build();

  await send('j-users', [{ key: 'u1', value: '{"age":"18-24"}' }, { key: 'u2', value: '{"age":"25-29"}' }, { key: 'u3', value: '{"age":"30-34"}' }]);
  let job = start(topology, 'join-app');
  await waitForValue('the table read', async () => job.runtime.metrics().recordsIn, (n) => n === 3, { timeoutMs: 30_000, intervalMs: 100 });
  await send('j-log', [{ key: 'u1', value: 'buy' }, { key: 'u2', value: 'click' }, { key: 'u9', value: 'cart' }]);
  await waitForValue('three joined', () => outputOf('j-out'), (out) => out.length === 3, { timeoutMs: 30_000, intervalMs: 200 });
  job.stop.abort();
  await job.done;

  // The restarted job rebuilds the table from j-users (its changelog) and keeps reading from its checkpoint.
  job = start(topology, 'join-app');
  await send('j-users', [{ key: 'u3', value: null }]);
  await waitForValue('the deletion read', async () => job.runtime.metrics().recordsIn, (n) => n === 1, { timeoutMs: 30_000, intervalMs: 100 });
  await send('j-log', [{ key: 'u1', value: 'fav' }, { key: 'u3', value: 'buy' }]);
  await waitForValue('five joined', () => outputOf('j-out'), (out) => out.length === 5, { timeoutMs: 30_000, intervalMs: 200 });
  job.stop.abort();
  await job.done;
  assert.deepEqual(await outputOf('j-out'), ['u1 buy/18-24', 'u1 fav/18-24', 'u2 click/25-29', 'u3 buy/unknown', 'u9 cart/unknown']);
});

test('a windowed stream–stream left join on the embedded broker: pairs within 10 s, an unmatched click once its window closed', { timeout: 60_000 }, async () => {
  await createTopics(broker.bootstrap, { 'jj-clicks': 2, 'jj-buys': 2, 'jj-out': 1 });
  const b = new StreamBuilder();
  b.stream('jj-clicks')
    .leftJoin(b.stream('jj-buys'), (click, buy) => `${click}>${buy ?? 'none'}`, JoinWindows.ofTimeDifferenceAndGrace('10s', '1s'))
    .to('jj-out');
  const t0 = 1_700_000_000_000;
  await send('jj-clicks', [{ key: 'u1', value: 'c1', timestamp: t0 }, { key: 'u2', value: 'c2', timestamp: t0 }]);
  const job = start(b.build(), 'join-ss-app');
  await waitForValue('the clicks read', async () => job.runtime.metrics().recordsIn, (n) => n === 2, { timeoutMs: 30_000, intervalMs: 100 });
  await send('jj-buys', [{ key: 'u1', value: 'b1', timestamp: t0 + 5_000 }]);
  await waitForValue('the pair', () => outputOf('jj-out'), (out) => out.length === 1, { timeoutMs: 30_000, intervalMs: 200 });
  // Stream time is per task (partition); a click on each partition moves both past c2's window end + grace.
  await send('jj-clicks', [
    { key: 'u1', value: 'c3', timestamp: t0 + 60_000 },
    { key: 'u2', value: 'c4', timestamp: t0 + 60_000 },
  ]);
  await waitForValue('c2 emitted alone', () => outputOf('jj-out'), (out) => out.length === 2, { timeoutMs: 30_000, intervalMs: 200 });
  job.stop.abort();
  await job.done;
  assert.deepEqual(await outputOf('jj-out'), ['u1 c1>b1', 'u2 c2>none']);
});
