import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { partitionForKey } from '../../../src/client/index.js';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import { StreamRuntime } from '../../../src/stream/runtime/stream-runtime.js';
import { serdes } from '../../../src/stream/serde.js';
import { session, tumbling } from '../../../src/stream/windows.js';
import { inProcessBroker } from '../../helpers/broker.js';
import { createTopics, withProducer } from '../../helpers/produce.js';
import { waitFor, waitForValue } from '../../helpers/wait-for.js';

// Interactive queries on the real embedded broker: a running job's window, session and table
// stores read over HTTP, across the two tasks (partitions) this one instance runs.

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

const send = (topic: string, records: ReadonlyArray<{ key: string; value: string; timestamp?: number }>) =>
  withProducer(broker.bootstrap, (p) => p.send({ messages: records.map((r) => ({ topic, ...r })) }));

const partitionOf = (key: string) => partitionForKey(Buffer.from(key), 2);

async function get(url: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test("a running job serves its stores: a table's rows, a key's windows and sessions, key ranges, on 127.0.0.1", { timeout: 60_000 }, async () => {
  await createTopics(broker.bootstrap, { 'iq-users': 2, 'iq-clicks': 2, 'iq-counts': 1, 'iq-visits': 1, 'iq-joined': 1 });
  const b = new StreamBuilder();
  const users = b.table('iq-users', { value: serdes.json<{ age: string }>() });
  const clicks = b.stream('iq-clicks');
  clicks.leftJoin(users, (page, user) => `${page}/${user?.age ?? '?'}`).to('iq-joined');
  clicks.window(tumbling('1m', { grace: '10s' }), { time: 'event', name: 'per-minute' }).count().toStream().to('iq-counts');
  clicks.window(session('30s'), { time: 'event', name: 'visits' }).count().toStream().to('iq-visits');

  const t0 = 28_333_334 * 60_000; // a minute boundary
  await send('iq-users', [
    { key: 'u1', value: '{"age":"18-24"}' },
    { key: 'u2', value: '{"age":"25-29"}' },
  ]);
  await send('iq-clicks', [
    { key: 'u1', value: 'a', timestamp: t0 + 1000 },
    { key: 'u1', value: 'b', timestamp: t0 + 2000 },
    { key: 'u3', value: 'c', timestamp: t0 + 3000 },
    { key: 'u2', value: 'd', timestamp: t0 + 5000 },
    // Next minute: [t0, t0 + 1m) stays open for its 10 s grace; u1's first session (gap 30 s) closes.
    { key: 'u1', value: 'e', timestamp: t0 + 65_000 },
  ]);

  const runtime = new StreamRuntime(b.build(), { bootstrap: broker.bootstrap, applicationId: 'iq-app', metricsTopic: null, queryPort: 0 });
  const stop = new AbortController();
  const done = runtime.run(stop.signal);
  try {
    const url = await waitFor('the query server listening', () => runtime.queryUrl());
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'bound to 127.0.0.1 by default');
    await waitForValue('every record processed', async () => runtime.metrics().recordsIn, (n) => n === 7, { timeoutMs: 30_000, intervalMs: 100 });
    assert.equal(runtime.metrics().queryUrl, url, 'the metrics name the query server, for the dashboard');

    const listing = await get(`${url}/stores`);
    assert.equal(listing.status, 200);
    // Stream time is per partition: u1's record at t0 + 65 s closes the sessions of its own partition only.
    const openSessions = 1 + (partitionOf('u2') === partitionOf('u1') ? 0 : 1) + (partitionOf('u3') === partitionOf('u1') ? 0 : 1);
    assert.deepEqual(listing.body.stores, [
      { name: 'per-minute-store', kind: 'window', queryable: true, partitions: [0, 1], size: 4 },
      { name: 'table-iq-users-store', kind: 'key-value', queryable: true, partitions: [0, 1], size: 2 },
      { name: 'visits-store', kind: 'session', queryable: true, partitions: [0, 1], size: openSessions },
    ]);
    assert.deepEqual(listing.body.applicationId, 'iq-app');

    const user = await get(`${url}/stores/table-iq-users-store?key=u1`);
    assert.deepEqual(user.body, { store: 'table-iq-users-store', kind: 'key-value', rows: [{ key: 'u1', value: { age: '18-24' }, partition: partitionOf('u1') }] });
    assert.deepEqual((await get(`${url}/stores/table-iq-users-store?key=nobody`)).body.rows, []);
    assert.deepEqual((await get(`${url}/stores/table-iq-users-store?from=u2`)).body.rows, [{ key: 'u2', value: { age: '25-29' }, partition: partitionOf('u2') }]);

    const p1 = partitionOf('u1');
    assert.deepEqual((await get(`${url}/stores/per-minute-store?key=u1`)).body.rows, [
      { key: 'u1', value: 2, partition: p1, start: t0, end: t0 + 60_000 },
      { key: 'u1', value: 1, partition: p1, start: t0 + 60_000, end: t0 + 120_000 },
    ]);
    assert.deepEqual((await get(`${url}/stores/per-minute-store?key=u1&timeFrom=${t0 + 1}`)).body.rows, [
      { key: 'u1', value: 1, partition: p1, start: t0 + 60_000, end: t0 + 120_000 },
    ]);
    assert.deepEqual((await get(`${url}/stores/per-minute-store?from=u2&to=u3`)).body.rows, [
      { key: 'u2', value: 1, partition: partitionOf('u2'), start: t0, end: t0 + 60_000 },
      { key: 'u3', value: 1, partition: partitionOf('u3'), start: t0, end: t0 + 60_000 },
    ]);
    assert.deepEqual((await get(`${url}/stores/visits-store?key=u1`)).body.rows, [
      { key: 'u1', value: 1, partition: p1, start: t0 + 65_000, end: t0 + 65_000 },
    ], "a session's first and last record times; the closed one was emitted and left the store");

    const missing = await get(`${url}/stores/nope`);
    assert.equal(missing.status, 404);
    assert.match(String(missing.body.error), /no task with a store named "nope"; GET \/stores lists/);
    assert.equal((await get(`${url}/stores/table-iq-users-store?key=u1`, { method: 'DELETE' })).status, 405);
    const badTime = await get(`${url}/stores/per-minute-store?key=u1&timeFrom=soon`);
    assert.equal(badTime.status, 400);
    assert.match(String(badTime.body.error), /timeFrom is a time in epoch milliseconds/);
    assert.equal((await get(`${url}/stores/per-minute-store?key=u1&from=u0`)).status, 400);
    assert.deepEqual((await get(`${url}/stores/table-iq-users-store?key=%22u2%22&keyFormat=json`)).body.rows, [{ key: 'u2', value: { age: '25-29' }, partition: partitionOf('u2') }]);

    stop.abort();
    await done;
    assert.equal(runtime.queryUrl(), undefined);
    await assert.rejects(fetch(`${url}/stores`), 'the server closed with the job');

    // Restarted, the job serves the same windows, restored from its changelog before its tasks are listed.
    const again = new StreamRuntime(b.build(), { bootstrap: broker.bootstrap, applicationId: 'iq-app', metricsTopic: null, queryPort: 0 });
    const stopAgain = new AbortController();
    const doneAgain = again.run(stopAgain.signal);
    try {
      const url2 = await waitFor('the restarted query server', () => again.queryUrl());
      const rows = await waitForValue(
        'the restored windows of u1',
        async () => (await get(`${url2}/stores/per-minute-store?key=u1`)).body.rows as unknown[],
        (r) => r.length > 0,
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      assert.deepEqual(rows, [
        { key: 'u1', value: 2, partition: p1, start: t0, end: t0 + 60_000 },
        { key: 'u1', value: 1, partition: p1, start: t0 + 60_000, end: t0 + 120_000 },
      ]);
      assert.equal(again.metrics().recordsIn, 0, 'nothing reprocessed: the state came from the changelog');
    } finally {
      stopAgain.abort();
      await doneAgain;
    }
  } finally {
    stop.abort();
    await done;
  }
});
