// alone: it holds 1,000 connections, opens 20,000 more as fast as they go and measures the broker's memory
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { ApiVersions } from '../../src/protocol/apis.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import type { LogRecord } from '../helpers/child-process.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { freePort, inProcessBroker, spawnBroker, tempDir, type BrokerProcess } from '../helpers/broker.js';
import { RawClient } from '../helpers/raw-client.js';

// Floods (issue 22): 1,000 idle connections held, 5,000 opened and closed as fast as they go and
// 10,000 bad requests, each closing its connection, while a producer and a consumer group run.
// The broker, a child process, stays under a memory bound (docs/security.md states it), loses no
// acknowledged record, answers afterwards and writes a couple of warning lines, with counts, for the
// 10,000 bad requests. A second broker, with --max-connections-per-ip, closes the connections over it.

/** The broker's resident memory, in MiB, as the kernel counts it. */
function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(m, `no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) / 1024;
}

/**
 * Measured on the 2-core test machine (Node 22): 73 MiB at start, 113-116 MiB at the peak of the flood
 * over 4 runs. The bound leaves two thirds again of that for a busier machine's later GC; a leak
 * of 4 KiB or more per connection would cross it within the 21,000 connections made here.
 */
const RSS_BOUND_MIB = 192;

/** A size-prefixed request header and nothing else: an ApiVersions v0 is complete as it is; a Fetch v99 is refused by its version alone. */
function bareRequest(apiKey: number, apiVersion: number, clientId: string): Buffer {
  const id = Buffer.from(clientId);
  const b = Buffer.alloc(4 + 2 + 2 + 4 + 2 + id.length);
  b.writeInt32BE(b.length - 4, 0);
  b.writeInt16BE(apiKey, 4);
  b.writeInt16BE(apiVersion, 6);
  b.writeInt32BE(1, 8);
  b.writeInt16BE(id.length, 12);
  id.copy(b, 14);
  return b;
}
const API_VERSIONS_V0 = bareRequest(18, 0, 'churn');
const FETCH_V99 = bareRequest(1, 99, 'too-new');
/** A negative frame size: no Kafka frame at all. */
const NEGATIVE_FRAME = Buffer.from([0xff, 0xff, 0xff, 0xfe]);

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

/** Connects, writes `bytes` (if any) and waits until the connection is closed: by us at once, or by the broker. */
function openAndClose(port: number, bytes: Buffer | undefined, closeAtOnce: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      if (bytes) s.write(bytes);
      if (closeAtOnce) s.destroy();
    });
    // A reset from a broker that closed first is part of the flood, not a failure.
    s.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err)));
    s.on('close', () => resolve());
  });
}

/** Runs `n` tasks, `width` at a time. */
async function inParallel(n: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await task(next++);
  }));
}

const warningsOf = (logs: LogRecord[], kind: string) => logs.filter((l) => l.level === 40 && l.kind === kind);
const countOf = (lines: LogRecord[]) => lines.reduce((sum, l) => sum + (l.count as number), 0);

test('1,000 idle and 5,000 churning connections and 10,000 bad requests beside a producer and a consumer group: bounded memory, nothing lost, two warning lines per kind', { timeout: 90_000 }, async (t) => {
  const dataDir = tempDir();
  const broker: BrokerProcess = await spawnBroker(dataDir, await freePort());
  const idle: Socket[] = [];
  const idleMiB = rssMiB(broker.pid);
  let peakMiB = idleMiB;
  const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, rssMiB(broker.pid))), 50);
  const kafka = new Kafka({ brokers: [broker.bootstrap], clientId: 'flood', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  const consumer = kafka.consumer({ groupId: 'flood-readers', maxWaitTimeInMs: 100 });
  try {
    await producer.connect();
    await producer.send({ topic: 'flood', acks: -1, messages: [{ value: 'm0' }] });
    let acked = 1;
    const seen = new Set<string>();
    await consumer.connect();
    await consumer.subscribe({ topic: 'flood', fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.add(message.value!.toString()) });

    let flooding = true;
    const producing = (async () => {
      while (flooding) {
        await producer.send({ topic: 'flood', acks: -1, messages: [{ value: `m${acked}` }] });
        acked++;
      }
    })();

    const started = Date.now();
    for (let i = 0; i < 1000; i++) idle.push(await open(broker.port));
    await Promise.all([
      inParallel(5000, 64, (i) => openAndClose(broker.port, i % 2 === 0 ? API_VERSIONS_V0 : undefined, true)),
      // The broker closes each of these itself.
      inParallel(5000, 32, () => openAndClose(broker.port, FETCH_V99, false)),
      inParallel(5000, 32, () => openAndClose(broker.port, NEGATIVE_FRAME, false)),
    ]);
    const floodMs = Date.now() - started;
    flooding = false;
    await producing;
    assert.ok(idle.every((s) => !s.destroyed), 'the broker keeps idle connections open');

    // The broker still answers, with every idle connection still held.
    const c = await RawClient.connect(broker.port);
    assert.equal((await c.request(ApiVersions, 3, { clientSoftwareName: 'flood', clientSoftwareVersion: '1' })).errorCode, ErrorCode.NONE);
    c.close();

    // Every acknowledged record is stored, in order, and the consumer group reads them all.
    const { records } = await fetchAll(broker.port, 'flood');
    const expected = Array.from({ length: acked }, (_, i) => `m${i}`);
    assert.deepEqual(records.map((r) => r.value!.toString()), expected);
    const deadline = Date.now() + 20_000;
    while (seen.size < acked && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual([...seen].sort(), [...expected].sort(), `the consumer read ${seen.size} of ${acked}`);

    clearInterval(sampler);
    t.diagnostic(`flood: ${floodMs} ms, ${acked} records acknowledged beside it, broker RSS ${idleMiB.toFixed(1)} MiB at start, ${peakMiB.toFixed(1)} MiB at the peak`);
    assert.ok(peakMiB < RSS_BOUND_MIB, `broker peak RSS ${peakMiB.toFixed(1)} MiB, over the ${RSS_BOUND_MIB} MiB bound`);
  } finally {
    clearInterval(sampler);
    for (const s of idle) s.destroy();
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    assert.equal(await broker.stop(), 0);
    rmSync(dataDir, { recursive: true, force: true });
  }
  // The 10,000 bad requests: per kind one line at once, one with the count when the broker stopped.
  const refused = warningsOf(broker.logs(), 'unsupported-version');
  const bad = warningsOf(broker.logs(), 'bad-input');
  assert.deepEqual(refused.map((l) => l.count), [1, 4999], JSON.stringify(refused));
  assert.deepEqual(refused[1]!.causes, { 'Fetch v99': 4999 });
  assert.deepEqual(bad.map((l) => l.count), [1, 4999], JSON.stringify(bad));
  assert.deepEqual(bad[1]!.causes, { 'frame size': 4999 });
  assert.equal(broker.logs().filter((l) => (l.level as number) >= 40).length, 4, 'no other warning');
});

test('--max-connections-per-ip 100: 300 connections from one address keep 100 open, the broker closes 200 and counts them, and admits again once some close', { timeout: 60_000 }, async () => {
  const dataDir = tempDir();
  const broker = await spawnBroker(dataDir, await freePort(), ['--max-connections-per-ip', '100']);
  const held: Socket[] = [];
  try {
    for (let i = 0; i < 300; i++) {
      const s = await open(broker.port);
      s.on('error', () => undefined);
      held.push(s);
    }
    const closedByBroker = () => held.filter((s) => s.closed || s.readableEnded).length;
    const deadline = Date.now() + 10_000;
    for (const s of held) s.resume();
    while (closedByBroker() < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(closedByBroker(), 200);
    // The first 100 are the ones kept: the broker counts in the order it accepts.
    assert.ok(held.slice(0, 100).every((s) => !s.closed && !s.readableEnded));
    const c0 = await RawClient.connect(broker.port);
    await c0.closed;

    // Room again once some close: a new connection is served.
    for (const s of held.slice(0, 10)) s.destroy();
    // Time for the broker to see the closes; a connection made before would be refused and counted.
    await new Promise((r) => setTimeout(r, 1000));
    const c = await RawClient.connect(broker.port);
    assert.equal((await c.request(ApiVersions, 3, { clientSoftwareName: 'flood', clientSoftwareVersion: '1' })).errorCode, ErrorCode.NONE);
    c.close();
  } finally {
    for (const s of held) s.destroy();
    assert.equal(await broker.stop(), 0);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const lines = warningsOf(broker.logs(), 'connection-limit');
  assert.equal(lines.length, 2, JSON.stringify(lines));
  assert.equal(countOf(lines), 201, 'the 200 over the limit and the probe made while full');
  assert.match(lines[0]!.msg!, /connection from 127\.0\.0\.1 on listener PLAINTEXT closed: 127\.0\.0\.1 already holds 100 connections, its limit/);
});

test('a connection limit that is not a whole number ≥ 0 is refused at start-up, naming its key', async () => {
  await assert.rejects(inProcessBroker({ maxConnectionsPerIp: -1 }), /max\.connections\.per\.ip takes a whole number ≥ 0, got -1/);
  await assert.rejects(inProcessBroker({ maxConnectionsPerIpOverrides: { '10.0.0.7': 1.5 } }), /max\.connections\.per\.ip\.overrides \(10\.0\.0\.7\) takes a whole number ≥ 0, got 1\.5/);
});
