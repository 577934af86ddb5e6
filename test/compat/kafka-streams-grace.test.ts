// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { StreamBuilder } from '../../src/stream/dsl/stream-builder.js';
import type { Windowed } from '../../src/stream/records.js';
import { TestDriver } from '../../src/stream/testing/test-driver.js';
import { hopping } from '../../src/stream/windows.js';
import { inProcessBroker } from '../helpers/broker.js';
import { runJava } from '../helpers/java-peers.js';
import { createTopics, withProducer } from '../helpers/produce.js';
import { mulberry32, randomInt } from '../stream/prng.js';

// The same answer as Kafka Streams 4.4: a windowed count with a grace period and final results
// only (TimeWindows.ofSizeAndGrace + suppress(untilWindowCloses)), over out-of-order input some
// of which falls in the grace and some past it. Kafka Streams runs on the embedded broker;
// streamdash runs the same records through TestDriver.

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

const SIZE = 1000;
const GRACE = 300;

/** Out-of-order records, each at most `disorder` ms older than the clock, then one far ahead. */
function input(seed: number, disorder: number): Array<{ key: string; value: string; timestamp: number }> {
  const random = mulberry32(seed);
  const t0 = 1_700_000_000_000;
  let clock = t0;
  const records = Array.from({ length: 300 }, (_, i) => {
    clock += randomInt(random, 0, 40);
    const timestamp = clock - (random() < 0.25 ? randomInt(random, 0, disorder) : 0);
    return { key: `k${randomInt(random, 0, 3)}`, value: `v${i}`, timestamp };
  });
  // Far ahead: every window of the records above closes, in both.
  records.push({ key: 'end', value: 'end', timestamp: clock + 60_000 });
  return records;
}

function streamdashFinalCounts(records: ReturnType<typeof input>, grace: number, advance = SIZE): { results: string[]; late: number } {
  const b = new StreamBuilder();
  b.stream('in').window(hopping(SIZE, advance, { grace }), { time: 'event' }).count().toStream().to('out');
  const driver = new TestDriver(b.build());
  driver.pipe('in', records);
  const results = driver.output('out').map((r) => {
    const w = r.key as Windowed<string>;
    return `${w.key}@${w.start}-${w.end}=${String(r.value)}`;
  });
  return { results, late: driver.metrics().lateRecords };
}

/** Kafka Streams' final results for `records`, one "key@start-end=count" per window. */
async function kafkaStreamsFinalCounts(topic: string, records: ReturnType<typeof input>, expected: number, advance = SIZE): Promise<string[]> {
  await createTopics(broker.bootstrap, { [topic]: 1 });
  await withProducer(broker.bootstrap, (p) => p.send({ messages: records.map((r) => ({ topic, ...r })) }));
  const run = await runJava(
    'streamdash.peers.StreamsWindowPeer',
    ['--bootstrap', broker.bootstrap, '--topic', topic, '--count', String(expected), '--size-ms', String(SIZE), '--advance-ms', String(advance), '--grace-ms', String(GRACE), '--application-id', `${topic}-app`],
    { timeoutMs: 100_000, jvm: ['-Xmx384m'] },
  );
  assert.deepEqual(run.events.filter((e) => e.event === 'error'), [], run.stderr.slice(-2000));
  // A peers.jar built before StreamsWindowPeer existed: say how to rebuild it rather than show an empty result.
  assert.equal(run.code, 0, `StreamsWindowPeer failed; if its class is missing, rebuild the JVM peers with scripts/peers/java.sh (offline)\n${run.stderr.slice(-2000)}`);
  const theirs = run.events.filter((e) => e.event === 'window').map((e) => `${String(e.key)}@${Number(e.start)}-${Number(e.end)}=${Number(e.count)}`);
  assert.equal(new Set(theirs).size, theirs.length, 'each window once');
  return theirs;
}

test('tumbling windows with grace, final results: streamdash emits what Kafka Streams 4.4 emits, window by window', { timeout: 120_000 }, async () => {
  // Disorder up to 800 ms against a grace of 300: records in the grace, and late ones.
  const records = input(2026, 800);
  const ours = streamdashFinalCounts(records, GRACE);
  assert.ok(ours.late > 0, 'the input has late records, or the grace is not tested');
  assert.ok(ours.late < streamdashFinalCounts(records, 0).late, 'and records in the grace, which count only with it');
  assert.ok(ours.results.length > 20);
  const theirs = await kafkaStreamsFinalCounts('ks-grace-tumbling', records, ours.results.length);
  assert.deepEqual([...ours.results].sort(), [...theirs].sort());
});

test('hopping windows with grace, disorder within the grace: the same final results as Kafka Streams 4.4', { timeout: 120_000 }, async () => {
  // No record is late here: a late hopping record is dropped from all its windows by streamdash, from the closed ones only by Kafka Streams.
  const records = input(7, GRACE);
  const ours = streamdashFinalCounts(records, GRACE, SIZE / 2);
  assert.equal(ours.late, 0);
  assert.ok(ours.late < streamdashFinalCounts(records, 0, SIZE / 2).late, 'records that count only thanks to the grace');
  const theirs = await kafkaStreamsFinalCounts('ks-grace-hopping', records, ours.results.length, SIZE / 2);
  assert.deepEqual([...ours.results].sort(), [...theirs].sort());
});
