// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdmin, createProducer } from '../../src/client/index.js';
import { inProcessBroker } from '../helpers/broker.js';
import { capturingLogger } from '../helpers/capturing-logger.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { describeRun, eventsOf, javaPeer, KAFKA_VERSION } from '../helpers/java-peers.js';
import { waitFor } from '../helpers/wait-for.js';

// Log compaction seen by Apache Kafka's own Java client (kafka-clients 4.4): its producer
// overwrites every key of a large key space many times, with tombstones among the writes; the
// embedded broker's cleaner compacts the topic; its consumer, reading from the beginning, must
// see exactly each live key's latest value, at the offset it was written at, offsets increasing.
const PEER: Peer = { client: 'kafka-clients', version: KAFKA_VERSION };

const KEYS = 100_000;
const ROUNDS = 20;
const TOMBSTONE_EVERY = 10;
const TOPIC = 'java-compacted-overwrites';
const SEGMENT_MS = 1000;

/** ProducerPeer's record i: key-(i mod KEYS), and its value unless --tombstone-every makes it a tombstone. */
const value = (i: number) => `value-${i} 值 ${'x'.repeat(i % 50)}`;
const isTombstone = (i: number) => (i + Math.floor(i / KEYS)) % TOMBSTONE_EVERY === 0;

/** What a reader of the compacted topic must see: the last round's write of each key, unless it deleted the key. */
function latestLive(): Map<string, { offset: number; value: string }> {
  const live = new Map<string, { offset: number; value: string }>();
  for (let k = 0; k < KEYS; k++) {
    const i = (ROUNDS - 1) * KEYS + k;
    if (!isTombstone(i)) live.set(`key-${k}`, { offset: i, value: value(i) });
  }
  return live;
}

test(`${KEYS} keys overwritten ${ROUNDS} times with 1 in ${TOMBSTONE_EVERY} a tombstone: after the clean a Java consumer sees each live key once, its latest value`, { timeout: 240_000 }, async (t) => {
  const { logger, lines } = capturingLogger('info');
  // One pass a second (Kafka waits 15 s), so the clean follows the writes within the test.
  const broker = await inProcessBroker({ logger, logCleanerBackoffMs: 1000 });
  try {
    await checkCapability(PEER, 'compaction', async () => {
      const admin = createAdmin(broker.bootstrap, 'compaction-admin');
      try {
        // Small segments, so most of the log is closed and cleanable as it is written; tombstones
        // go at their first clean (delete.retention.ms=0); any dirty share makes a partition due.
        const configs = { 'cleanup.policy': 'compact', 'segment.bytes': '1048576', 'segment.ms': String(SEGMENT_MS), 'delete.retention.ms': '0', 'min.cleanable.dirty.ratio': '0.01' };
        await admin.createTopic(TOPIC, { partitions: 1, configs });
      } finally {
        await admin.close();
      }

      // A peers jar built before --quiet and --key-space existed would ignore them (and print two million lines): say so.
      const probe = await javaPeer('producer', broker.bootstrap, ['--topic', 'java-compaction-probe', '--count', '1', '--key-space', '3', '--quiet', 'true']);
      assert.ok(eventsOf(probe, 'done')[0]?.lastOffset === 0, `ProducerPeer lacks --quiet/--key-space: rebuild the JVM peers (bash scripts/peers/java.sh)\n${describeRun(probe)}`);

      const total = KEYS * ROUNDS;
      const started = Date.now();
      const produced = await javaPeer(
        'producer',
        broker.bootstrap,
        ['--topic', TOPIC, '--partition', '0', '--count', String(total), '--key-space', String(KEYS), '--tombstone-every', String(TOMBSTONE_EVERY), '--quiet', 'true']
          .concat(['--config', 'linger.ms=20', '--config', 'batch.size=524288', '--config', 'delivery.timeout.ms=120000']),
        { timeoutMs: 150_000 },
      );
      const produceMs = Date.now() - started;
      assert.equal(produced.code, 0, describeRun(produced));
      const [done] = eventsOf(produced, 'done');
      assert.deepEqual([done?.sent, done?.failed, done?.lastOffset], [total, 0, total - 1], describeRun(produced));

      // The active segment is never cleaned: once it is older than segment.ms, one more record closes it.
      await sleep(SEGMENT_MS + 100);
      const producer = createProducer(broker.bootstrap, 'compaction-closer');
      try {
        await producer.send({ messages: [{ topic: TOPIC, partition: 0, key: 'end', value: 'closes the last round' }] });
      } finally {
        await producer.close();
      }
      const cleanedUpTo = (l: Record<string, unknown>) => l.msg === 'cleaned a compacted partition' && l.topic === TOPIC && l.cleanedUpTo === total;
      const clean = await waitFor('a clean of the whole log but the closing record', () => lines.find(cleanedUpTo), {
        timeoutMs: 90_000,
        detail: () => JSON.stringify(lines.filter((l) => l.topic === TOPIC).slice(-5)),
      });

      const live = latestLive();
      const read = await javaPeer('consumer', broker.bootstrap, ['--topic', TOPIC, '--from', 'beginning', '--count', String(live.size + 1), '--timeout-ms', '60000', '--config', 'max.poll.records=5000'], {
        timeoutMs: 90_000,
      });
      assert.equal(read.code, 0, describeRun(read));
      const records = eventsOf(read, 'record');
      assert.equal(records.length, live.size + 1, describeRun(read));
      let previous = -1;
      const seen = new Map<string, { offset: number; value: string }>();
      for (const r of records) {
        const offset = Number(r.offset);
        assert.ok(offset > previous, `offsets increase: ${offset} after ${previous}`);
        previous = offset;
        assert.equal(seen.has(String(r.key)), false, `key ${String(r.key)} appears once`);
        seen.set(String(r.key), { offset, value: r.value as string });
      }
      // The record that closed the last segment is last, alone in the active segment: nothing is after the live keys.
      assert.deepEqual(seen.get('end'), { offset: total, value: 'closes the last round' });
      seen.delete('end');
      assert.equal(seen.size, live.size);
      for (const [key, want] of live) assert.deepEqual(seen.get(key), want, key);
      const cleans = lines.filter((l) => l.msg === 'cleaned a compacted partition').length;
      t.diagnostic(JSON.stringify({ produceMs, cleans, last: { ms: clean.ms, recordsIn: clean.recordsIn, recordsKept: clean.recordsKept, bytesIn: clean.bytesIn, bytesOut: clean.bytesOut } }));
    });
  } finally {
    await broker.stop();
  }
});
