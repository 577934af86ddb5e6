import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import connect from 'socket.io-client';
import { consumeLoop, createAdmin, type Admin } from '../../src/client/index.js';
import type { ShownMessage as Shown } from '../../src/dashboard/console/messages.js';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { inProcessBroker } from '../helpers/broker.js';
import { createTopics, withProducer } from '../helpers/produce.js';
import { waitFor } from '../helpers/wait-for.js';


const text = (b64: string | null) => (b64 === null ? null : Buffer.from(b64, 'base64').toString('utf8'));
const T0 = Date.UTC(2026, 0, 1);

describe('/api/console JSON routes against the embedded broker', { timeout: 60_000 }, () => {
  let broker: Awaited<ReturnType<typeof inProcessBroker>>;
  let dashboard: Dashboard;
  let admin: Admin;
  const get = async <T>(path: string) => {
    const r = await fetch(`${dashboard.url}/api/console${path}`);
    return { status: r.status, body: (await r.json()) as T };
  };
  const send = async <T>(method: string, path: string, body?: unknown) => {
    const r = await fetch(`${dashboard.url}/api/console${path}`, {
      method,
      ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: r.status, body: (await r.json()) as T };
  };

  before(async () => {
    broker = await inProcessBroker();
    await createTopics(broker.bootstrap, { 'api-orders': 2, 'api-lag': 1 });
    // Known data: p0 holds o0..o4 a second apart from T0, with a header; p1 holds p0..p2.
    await withProducer(broker.bootstrap, async (p) => {
      await p.send({
        messages: [0, 1, 2, 3, 4].map((i) => ({ topic: 'api-orders', partition: 0, key: `k${i}`, value: `o${i}`, headers: { source: 'test' }, timestamp: T0 + i * 1000 })),
      });
      await p.send({ messages: [0, 1, 2].map((i) => ({ topic: 'api-orders', partition: 1, value: `p${i}`, timestamp: T0 + 500 + i * 1000 })) });
      await p.send({ messages: Array.from({ length: 10 }, (_, i) => ({ topic: 'api-lag', partition: 0, value: JSON.stringify({ n: i }) })) });
    });
    dashboard = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 60_000 });
    admin = createAdmin(broker.bootstrap, 'console-api-test');
  });

  after(async () => {
    await admin?.close();
    await dashboard?.close();
    await broker?.stop();
  });

  it('browses a partition from the beginning, the end, an offset and a time', async () => {
    type Browse = { messages: Shown[] };
    const first = await get<Browse>('/topics/api-orders/messages?partition=0&from=beginning&limit=3');
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.messages.map((m) => [m.offset, text(m.key), text(m.value), m.timestamp]), [
      [0, 'k0', 'o0', T0],
      [1, 'k1', 'o1', T0 + 1000],
      [2, 'k2', 'o2', T0 + 2000],
    ]);
    assert.deepEqual(first.body.messages[0]!.headers.map((h) => [h.key, text(h.value)]), [['source', 'test']]);
    const last = await get<Browse>('/topics/api-orders/messages?partition=0&from=end&limit=2');
    assert.deepEqual(last.body.messages.map((m) => text(m.value)), ['o3', 'o4']);
    const fromOffset = await get<Browse>('/topics/api-orders/messages?partition=0&from=offset&offset=2&limit=10');
    assert.deepEqual(fromOffset.body.messages.map((m) => m.offset), [2, 3, 4]);
    const fromTime = await get<Browse>(`/topics/api-orders/messages?partition=0&from=time&time=${T0 + 2500}&limit=10`);
    assert.deepEqual(fromTime.body.messages.map((m) => m.offset), [3, 4]);
    // Every partition, in time order.
    const all = await get<Browse>('/topics/api-orders/messages?from=beginning&limit=4');
    assert.deepEqual(all.body.messages.map((m) => text(m.value)), ['o0', 'p0', 'o1', 'p1']);
  });

  it('browses every partition when the first fills a fetch: the broker sends the others empty, and they are read next', async () => {
    // p0: three 900 kB records, each its own batch; p1: two of 300 kB. A 1 MiB fetch takes p0's
    // first batch and has too few bytes left for p1's, so p1 comes back empty though not at its end.
    await createTopics(broker.bootstrap, { 'api-big': 2 });
    const big = (partition: number, i: number, size: number) => ({ topic: 'api-big', partition, key: `${partition}-${i}`, value: Buffer.alloc(size, 97 + i), timestamp: T0 + partition + 2 * i });
    await withProducer(broker.bootstrap, async (p) => {
      for (const m of [big(0, 0, 900_000), big(0, 1, 900_000), big(0, 2, 900_000), big(1, 0, 300_000), big(1, 1, 300_000)]) await p.send({ messages: [m] });
    });
    const all = await get<{ ranges: { partition: number; from: number; end: number }[]; messages: Shown[] }>('/topics/api-big/messages?from=beginning&limit=5');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.messages.map((m) => [text(m.key), Buffer.from(m.value!, 'base64').length]), [
      ['0-0', 900_000],
      ['1-0', 300_000],
      ['0-1', 900_000],
      ['1-1', 300_000],
      ['0-2', 900_000],
    ]);
  });

  it('answers bad queries with 400 and a missing topic with 404, naming the fault', async () => {
    const bad = await get<{ error: string }>('/topics/api-orders/messages?limit=0');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /limit/);
    assert.match((await get<{ error: string }>('/topics/api-orders/messages?from=yesterday')).body.error, /from is one of/);
    const noPartition = await get<{ error: string }>('/topics/api-orders/messages?partition=7');
    assert.equal(noPartition.status, 400);
    assert.match(noPartition.body.error, /partitions 0 to 1/);
    assert.equal((await get('/topics/no-such-topic/messages')).status, 404);
    assert.equal((await send('POST', '/topics/no-such-topic/messages', { value: 'x' })).status, 404);
    assert.ok(!(await admin.listTopics()).includes('no-such-topic'), 'a produce to a missing topic does not create it');
  });

  it('produces a record with key, headers and partition and says where it landed', async () => {
    const produced = await send<{ partition: number; offset: number }>('POST', '/topics/api-orders/messages', { key: 'pk', value: '<b>hi</b>', headers: { h: 'v' }, partition: 1 });
    assert.equal(produced.status, 201);
    assert.deepEqual(produced.body, { partition: 1, offset: 3 });
    const read = await get<{ messages: Shown[] }>('/topics/api-orders/messages?partition=1&from=offset&offset=3');
    assert.deepEqual(read.body.messages.map((m) => [text(m.key), text(m.value), m.headers.map((h) => `${h.key}=${text(h.value)}`).join()]), [['pk', '<b>hi</b>', 'h=v']]);
  });

  it('describes a topic\'s configs from the broker', async () => {
    await send('POST', '/topics', { name: 'api-configured', partitions: 2, configs: { 'retention.ms': '3600000' } });
    const { body } = await get<{ partitions: unknown[]; configs: { name: string; value: string; setOnTopic: boolean }[] }>('/topics/api-configured');
    assert.equal(body.partitions.length, 2);
    const retention = body.configs.find((c) => c.name === 'retention.ms');
    assert.deepEqual(retention && { value: retention.value, setOnTopic: retention.setOnTopic }, { value: '3600000', setOnTopic: true });
    assert.ok(body.configs.some((c) => c.name === 'cleanup.policy' && !c.setOnTopic), 'defaults are listed too');
  });

  it('shows a group\'s lag after a known number of reads, resets it (dry run first) and the next consumer starts there', async () => {
    const read = await consumeLoop({ bootstrap: broker.bootstrap, topics: ['api-lag'], groupId: 'api-group', fromBeginning: true, maxMessages: 4 }, () => undefined);
    assert.equal(read.count, 4);
    type Group = { state: string; protocolType: string; offsets: { topic: string; partition: number; committed: number; end: number; lag: number }[]; lag: number };
    const group = await waitFor('api-group to be Empty', async () => {
      const g = (await get<Group>('/groups/api-group')).body;
      return g.state === 'Empty' && g;
    });
    assert.equal(group.protocolType, 'consumer');
    assert.deepEqual(group.offsets, [{ topic: 'api-lag', partition: 0, committed: 4, end: 10, lag: 6 }]);
    assert.equal(group.lag, 6);
    const listed = await get<{ groups: { id: string; lag: number }[] }>('/groups');
    assert.equal(listed.body.groups.find((g) => g.id === 'api-group')?.lag, 6);

    type Plan = { dryRun: boolean; offsets: { partition: number; current: number | null; next: number }[] };
    const earliest = await send<Plan>('POST', '/groups/api-group/reset-plan', { topic: 'api-lag', to: 'earliest' });
    assert.deepEqual(earliest.body.offsets.map((o) => [o.partition, o.current, o.next]), [[0, 4, 0]]);
    assert.deepEqual((await send<Plan>('POST', '/groups/api-group/reset-plan', { topic: 'api-lag', to: 'latest' })).body.offsets[0]!.next, 10);
    assert.deepEqual((await send<Plan>('POST', '/groups/api-group/reset-plan', { topic: 'api-lag', to: 'offset', offset: 99 })).body.offsets[0]!.next, 10, 'clamped to the end');
    assert.equal((await get<Group>('/groups/api-group')).body.offsets[0]!.committed, 4, 'a dry run changes nothing');

    const applied = await send<Plan>('POST', '/groups/api-group/reset', { topic: 'api-lag', to: 'offset', offset: 7 });
    assert.equal(applied.status, 200);
    assert.deepEqual(applied.body.offsets.map((o) => o.next), [7]);
    assert.deepEqual((await admin.committedOffsets(['api-group'])).get('api-group'), [{ topic: 'api-lag', partition: 0, offset: 7 }]);
    const next: number[] = [];
    await consumeLoop({ bootstrap: broker.bootstrap, topics: ['api-lag'], groupId: 'api-group', maxMessages: 3 }, (m) => next.push(m.offset));
    assert.deepEqual(next, [7, 8, 9]);
  });

  it('refuses a reset or delete while the group has members, and deletes an empty group', async () => {
    const stop = new AbortController();
    const running = consumeLoop({ bootstrap: broker.bootstrap, topics: ['api-lag'], groupId: 'api-busy', fromBeginning: true, signal: stop.signal }, () => undefined);
    try {
      await waitFor('api-busy to be Stable', async () => (await get<{ state: string }>('/groups/api-busy')).body.state === 'Stable');
      const refused = await send<{ error: string }>('POST', '/groups/api-busy/reset', { topic: 'api-lag', to: 'earliest' });
      assert.equal(refused.status, 409);
      assert.match(refused.body.error, /only while it is Empty/);
      assert.equal((await send('DELETE', '/groups/api-busy')).status, 409);
    } finally {
      stop.abort();
      await running;
    }
    await waitFor('api-busy to be Empty', async () => (await get<{ state: string }>('/groups/api-busy')).body.state === 'Empty');
    assert.deepEqual((await send('DELETE', '/groups/api-busy')).body, { deleted: 'api-busy' });
    assert.ok(!(await admin.listGroups()).some((g) => g.id === 'api-busy'));
  });

  it('searches for a substring with progress over Socket.IO, and tails new records', async () => {
    const socket = connect(`${dashboard.url}/console`, { transports: ['websocket'] });
    try {
      const progress: number[] = [];
      const found: string[] = [];
      const done = new Promise<{ scanned: number; found: number; stopped: boolean }>((resolve, reject) => {
        socket.on('search:progress', (p: { scanned: number; matches: Shown[] }) => {
          progress.push(p.scanned);
          found.push(...p.matches.map((m) => `${m.offset}:${text(m.value)}`));
        });
        socket.once('search:done', resolve);
        socket.once('live:error', (e: { error: string }) => reject(new Error(e.error)));
      });
      socket.emit('search', { topic: 'api-lag', text: '"n":3' });
      assert.deepEqual(await done, { scanned: 10, total: 10, found: 1, stopped: false });
      assert.deepEqual(found, ['3:{"n":3}']);
      assert.equal(progress.at(-1), 10);

      const started = new Promise((resolve) => socket.once('tail:started', resolve));
      socket.emit('tail', { topic: 'api-lag' });
      await started;
      const tailed = new Promise<Shown[]>((resolve) => socket.once('tail:messages', resolve));
      await withProducer(broker.bootstrap, (p) => p.send({ messages: [{ topic: 'api-lag', value: 'live!' }] }));
      const live = await tailed;
      assert.deepEqual(live.map((m) => [m.offset, text(m.value)]), [[10, 'live!']]);
      socket.emit('stop');
    } finally {
      socket.close();
    }
  });
});
