// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { inProcessBroker, tempDir } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { describeRun, eventsOf, javaPeer, KAFKA_VERSION, startJava, type PeerEvent, type RunningJava } from '../helpers/java-peers.js';
import { createTopics, withProducer } from '../helpers/produce.js';

// Kafka Streams 4.4 under processing.guarantee=exactly_once_v2 on the embedded broker: a keyed
// count (test/peers/java StreamsCountPeer) run as two instances of one application id, one of
// them killed with kill -9 mid-transaction. The survivor takes over its tasks, which it can run only
// once the broker has aborted the open transaction (by its timeout); then the killed one restarts on
// its state dir (so with its transactional id), takes tasks back and counts more input. A read_committed reader of
// the output must see, per key, every count from 1 to the key's input count once and in order:
// a skipped count is a lost update, a repeated one an aborted transaction leaking through.
const PEER: Peer = { client: 'kafka-streams', version: KAFKA_VERSION };
const KEYS = 8;
const RECORDS = 800;
const APP = 'ks-eos-app';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let stateRoot: string;
before(async () => {
  broker = await inProcessBroker();
  stateRoot = tempDir('streams-eos-');
});
after(async () => {
  await broker?.stop();
  rmSync(stateRoot, { recursive: true, force: true });
});

function instance(name: string, extra: string[] = []): RunningJava {
  return startJava('streamdash.peers.StreamsCountPeer', [...extra,
    '--bootstrap', broker.bootstrap, '--input', 'ks-eos-in', '--output', 'ks-eos-out', '--application-id', APP,
    '--state-dir', join(stateRoot, name),
    // A killed member leaves the group after 6 s rather than Kafka Streams' 45 s; small polls make many transactions.
    '--config', 'session.timeout.ms=6000', '--config', 'heartbeat.interval.ms=1000', '--config', 'max.poll.records=10',
  ]);
}

/** The count updates an instance processed (its aborted transactions' included). */
function counted(r: RunningJava): PeerEvent[] {
  return r.events.filter((e) => e.event === 'counted');
}

/** The keys an instance counted. */
function keysOf(r: RunningJava): Set<string> {
  return new Set(counted(r).map((e) => String(e.key)));
}

/** Resolves once `done()` holds; fails naming `what` after `timeoutMs`. */
async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** Resolves once every instance has reached the RUNNING state; an instance that cannot start fails saying why. */
async function running(instances: RunningJava[], timeoutMs: number): Promise<void> {
  const started = instances.map((r) => r.waitFor('state', 1, timeoutMs));
  // A peers.jar built before StreamsCountPeer existed: say how to rebuild it.
  await Promise.all(started).catch((err: unknown) => {
    throw new Error(`StreamsCountPeer did not start; if its class is missing, rebuild the JVM peers with scripts/peers/java.sh (offline): ${err instanceof Error ? err.message : String(err)}`);
  });
  await until(() => instances.every((r) => r.events.some((e) => e.event === 'state' && e.state === 'RUNNING')), timeoutMs, 'Kafka Streams to reach RUNNING');
}

/** Sends input records `from`..`to` (key k<i mod KEYS>) in batches of 20, paced as a live source. */
async function produceRange(from: number, to: number): Promise<void> {
  await withProducer(broker.bootstrap, async (p) => {
    for (let i = from; i < to; i += 20) {
      const batch = Array.from({ length: Math.min(20, to - i) }, (_, j) => ({ topic: 'ks-eos-in', key: `k${(i + j) % KEYS}`, value: `v${i + j}` }));
      await p.send({ messages: batch });
      await sleep(40);
    }
  });
}

/** Resolves once the instances, between them, have counted every key up to its input count. */
async function allCounted(instances: RunningJava[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const top = new Map<string, number>();
    for (const e of instances.flatMap(counted)) {
      top.set(String(e.key), Math.max(top.get(String(e.key)) ?? 0, Number(e.count)));
    }
    if (top.size === KEYS && [...top.values()].every((n) => n === RECORDS / KEYS)) return;
    const failed = instances.flatMap((r) => r.events.filter((e) => e.event === 'error'));
    assert.deepEqual(failed, [], 'a Kafka Streams instance failed');
    assert.ok(Date.now() < deadline, `the counts did not reach ${RECORDS / KEYS} per key in time: ${JSON.stringify([...top])}`);
    await sleep(250);
  }
}

test('a keyed count under exactly_once_v2, two instances, one killed -9 and restarted: each key counts 1..n exactly once in the read_committed output', { timeout: 150_000 }, async (t) => {
  await checkCapability(PEER, 'exactly_once_v2', async () => {
    await createTopics(broker.bootstrap, { 'ks-eos-in': 4, 'ks-eos-out': 4 });
    // The 40th update instance a processes holds it mid-transaction until the kill -9.
    let a = instance('a', ['--pause-after', '40']);
    const b = instance('b');
    try {
      await running([a, b], 60_000);
      const first = produceRange(0, RECORDS / 2);
      await a.waitFor('paused', 1, 60_000);
      // Longer than Kafka Streams' producer linger (100 ms): the open transaction's records reach the broker.
      await sleep(500);
      a.child.kill('SIGKILL');
      const killedAt = Date.now();
      await a.exited;
      const killed = a;
      await first;
      await produceRange(RECORDS / 2, (RECORDS * 3) / 4);
      // b takes over a's tasks once a's session expires, and can go on only when the broker has
      // aborted a's open transaction (its timeout): until then the offsets and changelog are unstable.
      await until(() => [...keysOf(killed)].every((key) => keysOf(b).has(key)), 60_000, 'b to take over the keys of the killed a');
      t.diagnostic(`b took over a's keys ${Date.now() - killedAt} ms after the kill`);
      a = instance('a');
      await until(() => a.events.some((e) => e.event === 'state' && e.state === 'RUNNING'), 60_000, 'the restarted a to reach RUNNING');
      await produceRange((RECORDS * 3) / 4, RECORDS);
      await allCounted([killed, a, b], 90_000);
      const updates = [killed, a, b].map((r) => counted(r).length);
      t.diagnostic(`updates processed by a before its kill -9, a restarted, b: ${updates.join(', ')} (${RECORDS} input records)`);
      // A clean close commits whatever is open, so the reader below sees the last counts.
      await Promise.all([a.stop(), b.stop()]);
      for (const r of [a, b]) assert.ok(r.events.some((e) => e.event === 'done'), `an instance did not close cleanly: ${JSON.stringify(r.events.slice(-3))}`);
    } finally {
      await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')]);
    }

    const [read, uncommitted] = await Promise.all(
      ['read_committed', 'read_uncommitted'].map((isolation) => javaPeer('txn', broker.bootstrap, ['--op', 'read', '--topics', 'ks-eos-out', '--isolation', isolation])),
    );
    assert.equal(read!.code, 0, describeRun(read!));
    assert.equal(uncommitted!.code, 0, describeRun(uncommitted!));
    const aborted = eventsOf(uncommitted!, 'record').length - eventsOf(read!, 'record').length;
    t.diagnostic(`output records: ${eventsOf(read!, 'record').length} committed, ${aborted} more aborted ones under read_uncommitted`);
    assert.ok(aborted > 0, 'the killed instance left records of its open transaction in the output, which read_committed must drop');
    const counts = new Map<string, number[]>();
    for (const e of eventsOf(read!, 'record').sort((x, y) => Number(x.partition) - Number(y.partition) || Number(x.offset) - Number(y.offset))) {
      counts.set(String(e.key), [...(counts.get(String(e.key)) ?? []), Number(e.value)]);
    }
    const expected = Array.from({ length: RECORDS / KEYS }, (_, i) => i + 1);
    assert.deepEqual([...counts.keys()].sort(), Array.from({ length: KEYS }, (_, i) => `k${i}`).sort());
    for (const [key, seen] of counts) assert.deepEqual(seen, expected, `key ${key}: each count once, in order`);
  });
});
