// needs: peers/java-eras/zookeeper-3.9.5, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startZooKeeperFacade, type ZooKeeperFacade } from '../../src/broker/zookeeper/server.js';
import { JuteWriter, type JuteReader } from '../../src/broker/zookeeper/jute.js';
import { OpCode } from '../../src/broker/zookeeper/records.js';
import { silentLogger } from '../../src/log.js';
import { tempDir } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { waitFor } from '../helpers/wait-for.js';
import { readComparableStat, ZkTestClient } from '../helpers/zk-client.js';
import { startRealZooKeeper, type RealZooKeeper } from '../helpers/zookeeper-server.js';

// The same request sequences against a real ZooKeeper 3.9.5 server and the facade: every
// result, error code and stat (but zxids, times and session ids) must be the same.
const peer: Peer = { client: 'ZooKeeper 3.9.5 server (differential)', version: '3.9.5' };
let real: RealZooKeeper;
let facade: ZooKeeperFacade;

before(async () => {
  [real, facade] = await Promise.all([startRealZooKeeper(), startZooKeeperFacade({ host: '127.0.0.1', port: 0, dataDir: tempDir(), logger: silentLogger })]);
});
after(async () => {
  await Promise.all([real?.stop(), facade?.close()]);
});

type Transcript = unknown[];
const OPEN_ACL = (w: JuteWriter) => w.vector([0], (x) => x.int(31).ustring('world').ustring('anyone'));

function create(path: string, data: string | null, flags = 0): JuteWriter {
  return OPEN_ACL(new JuteWriter().ustring(path).buffer(data === null ? null : Buffer.from(data))).int(flags);
}
const pathWatch = (path: string, watch = false) => new JuteWriter().ustring(path).bool(watch);
const pathVersion = (path: string, version: number) => new JuteWriter().ustring(path).int(version);
const setData = (path: string, data: string, version: number) => new JuteWriter().ustring(path).buffer(Buffer.from(data)).int(version);
const strings = (r: JuteReader) => r.vector((x) => x.ustring()) ?? [];

/** One request and what a client would see of its reply. */
async function step(c: ZkTestClient, label: string, type: number, body: JuteWriter, read?: (r: JuteReader) => unknown): Promise<unknown> {
  const reply = await c.request(type, body);
  return { label, err: reply.err, ...(reply.err === 0 && read && { value: read(reply.body) }) };
}

function multi(ops: [number, JuteWriter][]): JuteWriter {
  const w = new JuteWriter();
  for (const [type, body] of ops) w.int(type).bool(false).int(-1).raw(body.toBuffer());
  return w.int(-1).bool(true).int(-1);
}

function readMulti(r: JuteReader): unknown[] {
  const out: unknown[] = [];
  for (;;) {
    const type = r.int();
    const done = r.bool();
    const err = r.int();
    if (done) return out;
    if (type === OpCode.error) out.push({ type, err, code: r.int() });
    else if (type === OpCode.create) out.push({ type, err, path: r.ustring() });
    else if (type === OpCode.create2) out.push({ type, err, path: r.ustring(), stat: readComparableStat(r) });
    else if (type === OpCode.setData) out.push({ type, err, stat: readComparableStat(r) });
    else out.push({ type, err });
  }
}

async function crud(port: number): Promise<Transcript> {
  const c = await ZkTestClient.open(port);
  const t: Transcript = [c.timeoutMs];
  const s = readComparableStat;
  t.push(await step(c, 'create /d', OpCode.create, create('/d', 'a'), (r) => r.ustring()));
  t.push(await step(c, 'create /d again', OpCode.create, create('/d', 'b')));
  t.push(await step(c, 'create without parent', OpCode.create, create('/d/x/y', null)));
  t.push(await step(c, 'create2 ephemeral', OpCode.create2, create('/d/e', 'eph', 1), (r) => [r.ustring(), s(r)]));
  t.push(await step(c, 'child of ephemeral', OpCode.create, create('/d/e/c', null)));
  t.push(await step(c, 'sequential', OpCode.create, create('/d/s-', 'x', 2), (r) => r.ustring()));
  t.push(await step(c, 'sequential again', OpCode.create, create('/d/s-', null, 3), (r) => r.ustring()));
  t.push(await step(c, 'getChildren', OpCode.getChildren, pathWatch('/d'), (r) => strings(r).sort()));
  t.push(await step(c, 'getChildren2', OpCode.getChildren2, pathWatch('/d'), (r) => [strings(r).sort(), s(r)]));
  t.push(await step(c, 'getData', OpCode.getData, pathWatch('/d'), (r) => [r.buffer()?.toString(), s(r)]));
  t.push(await step(c, 'getData null', OpCode.getData, pathWatch('/d/s-0000000002'), (r) => [r.buffer(), s(r)]));
  t.push(await step(c, 'getData missing', OpCode.getData, pathWatch('/nope')));
  t.push(await step(c, 'setData bad version', OpCode.setData, setData('/d', 'z', 5)));
  t.push(await step(c, 'setData', OpCode.setData, setData('/d', 'zz', 0), s));
  t.push(await step(c, 'setData any version', OpCode.setData, setData('/d', 'zzz', -1), s));
  t.push(await step(c, 'setData missing', OpCode.setData, setData('/nope', 'z', -1)));
  t.push(await step(c, 'exists', OpCode.exists, pathWatch('/d'), s));
  t.push(await step(c, 'exists missing', OpCode.exists, pathWatch('/nope')));
  t.push(await step(c, 'delete not empty', OpCode.delete, pathVersion('/d', -1)));
  t.push(await step(c, 'delete bad version', OpCode.delete, pathVersion('/d/e', 3)));
  t.push(await step(c, 'delete missing', OpCode.delete, pathVersion('/nope', -1)));
  // Check on its own is no client API (ZooKeeper 3.9.5 answers UNIMPLEMENTED or drops the
  // connection); clients send it inside a multi, so that is where it is compared.
  t.push(await step(c, 'check', OpCode.multi, multi([[OpCode.check, pathVersion('/d', 2)]]), readMulti));
  t.push(await step(c, 'check bad version', OpCode.multi, multi([[OpCode.check, pathVersion('/d', 0)]]), readMulti));
  t.push(await step(c, 'check missing', OpCode.multi, multi([[OpCode.check, pathVersion('/nope', -1)]]), readMulti));
  t.push(await step(c, 'sync', OpCode.sync, new JuteWriter().ustring('/d'), (r) => r.ustring()));
  t.push(await step(c, 'getACL', OpCode.getACL, new JuteWriter().ustring('/d'), (r) => [r.vector((x) => [x.int(), x.ustring(), x.ustring()]), s(r)]));
  const ok = multi([
    [OpCode.create, create('/m', 'one')],
    [OpCode.setData, setData('/m', 'two', 0)],
    [OpCode.check, pathVersion('/m', 1)],
    [OpCode.create2, create('/m/c', null)],
    [OpCode.delete, pathVersion('/m/c', -1)],
  ]);
  t.push(await step(c, 'multi', OpCode.multi, ok, readMulti));
  const failing = multi([
    [OpCode.create, create('/m2', null)],
    [OpCode.setData, setData('/m', 'three', 7)],
    [OpCode.delete, pathVersion('/m', -1)],
  ]);
  t.push(await step(c, 'failing multi', OpCode.multi, failing, readMulti));
  t.push(await step(c, 'failed multi left nothing', OpCode.exists, pathWatch('/m2')));
  t.push(await step(c, 'failed multi changed nothing', OpCode.getData, pathWatch('/m'), (r) => [r.buffer()?.toString(), s(r)]));
  t.push(await step(c, 'root children', OpCode.getChildren, pathWatch('/'), (r) => strings(r).sort()));
  await c.close();
  const after = await ZkTestClient.open(port);
  t.push(await step(after, 'ephemerals go with their closed session', OpCode.getChildren, pathWatch('/d'), (r) => strings(r).sort()));
  await after.close();
  return t;
}

async function watches(port: number): Promise<Transcript> {
  const a = await ZkTestClient.open(port);
  const b = await ZkTestClient.open(port);
  const t: Transcript = [];
  await b.request(OpCode.create, create('/w', 'v'));
  t.push(await step(a, 'data watch', OpCode.getData, pathWatch('/w', true), (r) => r.buffer()?.toString()));
  t.push(await step(a, 'child watch', OpCode.getChildren, pathWatch('/w', true), strings));
  t.push(await step(a, 'exist watch on a missing node', OpCode.exists, pathWatch('/w2', true)));
  await b.request(OpCode.setData, setData('/w', 'v2', -1));
  await b.request(OpCode.setData, setData('/w', 'v3', -1)); // one-shot: no second event
  await b.request(OpCode.create, create('/w/c', null));
  await b.request(OpCode.create, create('/w2', null));
  await waitFor('three watch events', () => a.events.length >= 3, { timeoutMs: 5000 });
  t.push(await step(a, 'watch again', OpCode.exists, pathWatch('/w/c', true), readComparableStat));
  await b.request(OpCode.delete, pathVersion('/w/c', -1));
  await waitFor('the fourth watch event', () => a.events.length >= 4, { timeoutMs: 5000 });
  await new Promise((r) => setTimeout(r, 200));
  t.push(a.events.map((e) => ({ ...e })).sort((x, y) => x.path.localeCompare(y.path) || x.type - y.type));
  await Promise.all([a.close(), b.close()]);
  return t;
}

async function sessions(port: number): Promise<Transcript> {
  const t: Transcript = [];
  const a = await ZkTestClient.open(port, { timeoutMs: 1000 }); // below the minimum: raised to 2 ticks
  const b = await ZkTestClient.open(port, { timeoutMs: 999_999 }); // above the maximum: lowered to 20 ticks
  t.push(['negotiated', a.timeoutMs, b.timeoutMs]);
  await a.request(OpCode.create, create('/eph', null, 1));
  a.drop();
  const back = await ZkTestClient.open(port, { resume: { sessionId: a.sessionId, passwd: a.passwd } });
  t.push(['resumed', back.timeoutMs, back.sessionId === a.sessionId]);
  t.push(await step(back, 'ephemeral kept across the reconnect', OpCode.exists, pathWatch('/eph'), readComparableStat));
  const wrong = await ZkTestClient.open(port, { resume: { sessionId: a.sessionId, passwd: Buffer.alloc(16, 7) } });
  t.push(['wrong password', wrong.timeoutMs]);
  await wrong.closed;
  back.drop();
  await waitFor('the session to expire', async () => (await b.request(OpCode.exists, pathWatch('/eph'))).err !== 0, { timeoutMs: 15_000, intervalMs: 250 });
  t.push(await step(b, 'ephemeral gone once the session expired', OpCode.exists, pathWatch('/eph')));
  const late = await ZkTestClient.open(port, { resume: { sessionId: a.sessionId, passwd: a.passwd } });
  t.push(['expired session', late.timeoutMs, late.sessionId]);
  await late.closed;
  await b.close();
  return t;
}

for (const [name, scenario] of [
  ['create, read, write, delete, check, sync, multi: same results and error codes', crud],
  ['data, child and exist watches fire the same events', watches],
  ['session timeouts, reconnects, wrong passwords and expiry behave the same', sessions],
] as const) {
  test(name, () =>
    checkCapability(peer, name.split(':')[0]!.split(' fire')[0]!.split(' behave')[0]!, async () => {
      const [expected, actual] = await Promise.all([scenario(real.port), scenario(facade.port)]);
      assert.deepEqual(actual, expected);
    }),
  );
}
