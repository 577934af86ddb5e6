import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EndTxn } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { freePort, spawnBroker, tempDir, type BrokerProcess } from '../../helpers/broker.js';
import { RawClient } from '../../helpers/raw-client.js';
import { createTopic, fetchCommitted } from '../groups/raw-group.js';
import { readCommitted } from './committed-reader.js';
import { addOffsets, addPartitions, endTxn, initTxn, latestOffset, txnBatch, txnCommitOffset, txnProduce, type TxnProducer } from './raw-txn.js';

// `streamdash broker` as a process, killed with SIGKILL while transactions are open or ending;
// after the restart read_committed readers see whole committed transactions and nothing else.
const READ_COMMITTED = 1;
const READ_UNCOMMITTED = 0;

/** Adds `partitions` of `topic` to the transaction and sends `${tag}-${p}-${i}` (3 records) to each. */
async function sendTo(c: RawClient, p: TxnProducer, topic: string, partitions: number[], tag: string): Promise<void> {
  assert.deepEqual(await addPartitions(c, p, topic, partitions), partitions.map(() => ErrorCode.NONE));
  for (const part of partitions) {
    const r = await txnProduce(c, p, topic, part, txnBatch(p, 0, [0, 1, 2].map((i) => `${tag}-${part}-${i}`)));
    assert.equal(r.errorCode, ErrorCode.NONE, `produce ${tag} to ${topic}-${part}`);
  }
}

const tagged = (values: string[], tag: string) => values.filter((v) => v.startsWith(`${tag}-`));

async function kill(broker: BrokerProcess): Promise<void> {
  broker.proc.kill('SIGKILL');
  await broker.exited;
}

async function until(what: string, timeoutMs: number, holds: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('kill -9 with a transaction committed, one whose commit is in flight and two open: after the restart each ends whole and the LSO moves on', { timeout: 60_000 }, async (t) => {
  const dataDir = tempDir();
  const port = await freePort();
  let broker = await spawnBroker(dataDir, port);
  let c = await RawClient.connect(port);
  const topic = 'kx';
  const parts = [0, 1, 2];
  try {
    await createTopic(port, topic, 3);
    await createTopic(port, 'kx-reinit', 1);
    const done = await initTxn(c, 'kx-done');
    await sendTo(c, done, topic, parts, 'done');
    assert.equal(await addOffsets(c, done, 'kx-group'), ErrorCode.NONE);
    assert.equal(await txnCommitOffset(c, done, 'kx-group', topic, 0, 3), ErrorCode.NONE);
    assert.equal(await endTxn(c, done, true), ErrorCode.NONE);
    // Aborted by its timeout after the restart (counted again from the recovery).
    const open = await initTxn(c, 'kx-open', 4000);
    await sendTo(c, open, topic, parts, 'open');
    // Aborted when its producer initialises again after the restart, long before its timeout.
    const reinit = await initTxn(c, 'kx-reinit', 60_000);
    await sendTo(c, reinit, 'kx-reinit', [0], 'reinit');
    const ending = await initTxn(c, 'kx-ending', 4000);
    await sendTo(c, ending, topic, parts, 'ending');

    // The commit is asked for and the broker killed without waiting for the answer.
    void c.request(EndTxn, 3, { ...ending, committed: true }).catch(() => {});
    await kill(broker);
    c.close();

    broker = await spawnBroker(dataDir, port);
    c = await RawClient.connect(port);
    for (const p of parts) {
      const r = await readCommitted(c, topic, p);
      assert.equal(r.lastStableOffset, 4, 'the open transaction holds the LSO at its first offset, after done and its marker');
      assert.deepEqual(r.values, [0, 1, 2].map((i) => `done-${p}-${i}`), `${topic}-${p}: the committed transaction whole, nothing after the LSO`);
    }
    assert.equal((await fetchCommitted(port, 'kx-group')).offsets[`${topic}-0`]?.offset, 3, "the committed transaction's offsets survived");

    assert.equal(await latestOffset(c, 'kx-reinit', 0, READ_COMMITTED), 0, 'the reinit transaction is still open');
    const again = await initTxn(c, 'kx-reinit', 60_000);
    assert.equal(again.errorCode, ErrorCode.NONE);
    assert.equal(again.producerEpoch, reinit.producerEpoch + 2, 'the abort fenced the old epoch, the init took the next');
    assert.equal(await latestOffset(c, 'kx-reinit', 0, READ_COMMITTED), 4, 'the re-init aborted it at once: LSO past its abort marker');
    assert.deepEqual((await readCommitted(c, 'kx-reinit', 0)).values, []);

    await until('the open transactions time out', 15_000, async () => (await latestOffset(c, topic, 0, READ_COMMITTED)) === (await latestOffset(c, topic, 0, READ_UNCOMMITTED)));
    const reads = await Promise.all(parts.map((p) => readCommitted(c, topic, p)));
    // Whether the commit was carried out before the kill is up to the race; either way it is all or nothing.
    const endingCommitted = tagged(reads[0]!.values, 'ending').length > 0;
    t.diagnostic(`the in-flight commit was ${endingCommitted ? 'carried out' : 'not received'} before the kill`);
    for (const [p, r] of reads.entries()) {
      assert.equal(r.lastStableOffset, r.highWatermark, `${topic}-${p}: no transaction holds the LSO any more`);
      assert.deepEqual(tagged(r.values, 'done'), [0, 1, 2].map((i) => `done-${p}-${i}`), `the committed transaction is whole in ${topic}-${p}`);
      assert.deepEqual(tagged(r.values, 'open'), [], 'the timed-out transaction was aborted');
      assert.deepEqual(tagged(r.values, 'ending'), endingCommitted ? [0, 1, 2].map((i) => `ending-${p}-${i}`) : [], `the in-flight commit is whole or absent in ${topic}-${p}`);
    }
    const fenced = await txnProduce(c, open, topic, 0, txnBatch(open, 3, ['late']));
    assert.notEqual(fenced.errorCode, ErrorCode.NONE, 'the timed-out producer is fenced');

    // And new transactions go on after it.
    const after = await initTxn(c, 'kx-after');
    await sendTo(c, after, topic, [1], 'after');
    assert.equal(await endTxn(c, after, true), ErrorCode.NONE);
    const r = await readCommitted(c, topic, 1);
    assert.deepEqual(tagged(r.values, 'after'), ['after-1-0', 'after-1-1', 'after-1-2']);
    assert.equal(r.lastStableOffset, r.highWatermark);
  } finally {
    c.close();
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** The size of every segment .log under `dataDir`, by path. */
function logSizes(dataDir: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const dir of readdirSync(dataDir, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(dataDir, dir.name))) if (f.endsWith('.log')) sizes.set(join(dir.name, f), statSync(join(dataDir, dir.name, f)).size);
  }
  return sizes;
}

test('a commit decided but killed after one of its three markers is finished at the restart: every partition whole, offsets committed', { timeout: 60_000 }, async () => {
  const dataDir = tempDir();
  const port = await freePort();
  let broker = await spawnBroker(dataDir, port);
  let c = await RawClient.connect(port);
  const topic = 'kimg';
  const stateLog = join(dataDir, 'transaction-state.log');
  try {
    await createTopic(port, topic, 3);
    // A first committed transaction makes the offsets topic exist before the one under test.
    const first = await initTxn(c, 'kimg-first');
    await sendTo(c, first, topic, [0], 'first');
    assert.equal(await addOffsets(c, first, 'kimg-group'), ErrorCode.NONE);
    assert.equal(await txnCommitOffset(c, first, 'kimg-group', topic, 0, 1), ErrorCode.NONE);
    assert.equal(await endTxn(c, first, true), ErrorCode.NONE);
    const p = await initTxn(c, 'kimg-tx');

    await sendTo(c, p, topic, [0, 1, 2], 'second');
    assert.equal(await addOffsets(c, p, 'kimg-group'), ErrorCode.NONE);
    assert.equal(await txnCommitOffset(c, p, 'kimg-group', topic, 0, 5), ErrorCode.NONE);
    const before = logSizes(dataDir);
    const stateBefore = statSync(stateLog).size;
    assert.equal(await endTxn(c, p, true), ErrorCode.NONE);
    await kill(broker);
    c.close();

    // What the disk holds had the kill come after the decision and the first marker: the writes
    // happen in that order (decision, markers partition by partition, offsets, completion), so
    // the image is their prefix. Every other log that grew goes back to its size before EndTxn.
    const decided = readFileSync(stateLog, 'utf8').slice(stateBefore).split('\n');
    assert.match(decided[0]!, /"state":"PrepareCommit"/, 'the decision is the first thing EndTxn writes');
    assert.match(decided[1]!, /"state":"CompleteCommit"/);
    writeFileSync(stateLog, readFileSync(stateLog).subarray(0, stateBefore + Buffer.byteLength(decided[0]!) + 1));
    const grown = [...logSizes(dataDir)].filter(([f, size]) => size > (before.get(f) ?? 0)).map(([f]) => f).sort();
    assert.deepEqual(grown.filter((f) => f.startsWith(topic)), [0, 1, 2].map((i) => join(`${topic}-${i}`, '00000000000000000000.log')), 'a marker went into each partition');
    assert.ok(grown.some((f) => f.startsWith('__consumer_offsets')), 'and the offsets into __consumer_offsets');
    for (const f of grown) if (!f.startsWith(`${topic}-0`)) truncateSync(join(dataDir, f), before.get(f) ?? 0);

    broker = await spawnBroker(dataDir, port);
    c = await RawClient.connect(port);
    for (const part of [0, 1, 2]) {
      const r = await readCommitted(c, topic, part);
      assert.deepEqual(tagged(r.values, 'second'), [0, 1, 2].map((i) => `second-${part}-${i}`), `${topic}-${part}: the decided commit is whole`);
      // kimg-0 had its marker before the kill and gets it again: recovery writes every marker of the
      // decision, as Kafka's coordinator resends WriteTxnMarkers; a repeated commit marker changes nothing.
      assert.deepEqual(r.markers, part === 0 ? [true, true, true] : [true], `${topic}-${part}: commit markers only`);
      assert.equal(r.lastStableOffset, r.highWatermark, `${topic}-${part}: nothing holds the LSO`);
    }
    assert.equal((await fetchCommitted(port, 'kimg-group')).offsets[`${topic}-0`]?.offset, 5, "the transaction's offsets became committed at the recovery");
    const next = await initTxn(c, 'kimg-tx');
    assert.equal(next.errorCode, ErrorCode.NONE, 'the producer goes on: the transaction is complete, not pending');
  } finally {
    c.close();
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** One transactional producer committing transactions back to back until its connection dies. */
async function commitLoop(port: number, id: string, topic: string, parts: number[][], acked: Set<string>, requested: Set<string>): Promise<void> {
  const c = await RawClient.connect(port);
  try {
    const p = await initTxn(c, id, 3000);
    const sequences = new Map<number, number>();
    for (let n = 0; ; n++) {
      const txn = `${id}.${n}`;
      const mine = parts[n % parts.length]!;
      if ((await addPartitions(c, p, topic, mine)).some((e) => e !== ErrorCode.NONE)) return;
      for (const part of mine) {
        const seq = sequences.get(part) ?? 0;
        if ((await txnProduce(c, p, topic, part, txnBatch(p, seq, [0, 1].map((i) => `${txn}:${i}`)))).errorCode !== ErrorCode.NONE) return;
        sequences.set(part, seq + 2);
      }
      requested.add(txn);
      if ((await endTxn(c, p, true)) !== ErrorCode.NONE) return;
      acked.add(txn);
    }
  } catch {
    // The broker was killed under it: what it had acknowledged is what counts.
  } finally {
    c.close();
  }
}

test('kill -9 at a random moment under three transactional producers: every acknowledged commit is whole, no other transaction is partial', { timeout: 60_000 }, async (t) => {
  const dataDir = tempDir();
  const port = await freePort();
  let broker = await spawnBroker(dataDir, port);
  const topic = 'krand';
  const acked = new Set<string>();
  const requested = new Set<string>();
  // Which partitions each transaction spans, by its number: they overlap so the producers interleave.
  const spans = [[0, 1], [1, 2], [0, 1, 2]];
  try {
    await createTopic(port, topic, 3);
    const loops = ['kr-a', 'kr-b', 'kr-c'].map((id) => commitLoop(port, id, topic, spans, acked, requested));
    const target = 20 + Math.floor(Math.random() * 40);
    await until(`${target} commits acknowledged`, 20_000, () => Promise.resolve(acked.size >= target));
    await kill(broker);
    await Promise.all(loops);
    t.diagnostic(`killed after ${acked.size} acknowledged commits, ${requested.size - acked.size} in flight`);

    broker = await spawnBroker(dataDir, port);
    const c = await RawClient.connect(port);
    try {
      // The transactions open at the kill abort on their 3 s timeout, counted from the restart.
      await until('every partition stable', 15_000, async () => {
        for (const p of [0, 1, 2]) if ((await latestOffset(c, topic, p, READ_COMMITTED)) !== (await latestOffset(c, topic, p, READ_UNCOMMITTED))) return false;
        return true;
      });
      const seen = new Map<string, string[]>();
      for (const p of [0, 1, 2]) {
        for (const v of (await readCommitted(c, topic, p)).values) {
          const txn = v.split(':')[0]!;
          seen.set(txn, [...(seen.get(txn) ?? []), `${p}/${v}`]);
        }
      }
      const expectedOf = (txn: string) => spans[Number(txn.split('.')[1]) % spans.length]!.flatMap((p) => [0, 1].map((i) => `${p}/${txn}:${i}`));
      for (const txn of acked) assert.deepEqual(seen.get(txn)?.sort(), expectedOf(txn), `acknowledged commit ${txn} whole`);
      for (const [txn, values] of seen) {
        assert.ok(requested.has(txn), `${txn} was never asked to commit, yet read_committed sees it`);
        assert.deepEqual(values.sort(), expectedOf(txn), `${txn} whole`);
      }
    } finally {
      c.close();
    }
  } finally {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
