import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAdmin } from '../../../src/client/index.js';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import { decodeOwner, OWNER_HEADER } from '../../../src/stream/runtime/changelog-owner.js';
import { StreamRuntime } from '../../../src/stream/runtime/stream-runtime.js';
import type { Topology } from '../../../src/stream/topology/topology.js';
import { inProcessBroker } from '../../helpers/broker.js';
import { capturingLogger } from '../../helpers/capturing-logger.js';
import { createTopics, producePaced } from '../../helpers/produce.js';
import { waitFor, waitForValue } from '../../helpers/wait-for.js';
import { lastByKey, readTopic } from './topic-reading.js';

const KEYS = 1000;
const APP = 'compacted-app';
const CHANGELOG = `${APP}-sub-0-changelog`;

/** A running count per key: one key-value state entry per key, rewritten at each checkpoint the key changed in. */
function counts(): Topology {
  const b = new StreamBuilder();
  b.stream('cc-in')
    .mapToPair((v) => [v, 1])
    .updateStateByKey((values: readonly number[], sum: number | undefined) => values.reduce((a, c) => a + c, sum ?? 0), { name: 'counts', interval: '200ms' })
    .toStream()
    .to('cc-out');
  return b.build();
}

const everyKey = (times: number) => Array.from({ length: KEYS * times }, (_, i) => `k${i % KEYS}`);
const epochOf = (r: { readonly headers: readonly { key: string; value: Buffer | null }[] }) => {
  const stamp = r.headers.find((h) => h.key === OWNER_HEADER)?.value;
  return stamp === undefined || stamp === null ? undefined : decodeOwner(stamp).epoch;
};
/** The owner epoch in a record's key (changelog-owner.ts ownedKey): also on the cleanup tombstones, which have no header. */
const keyEpochOf = (r: { readonly key: Buffer | null }) => r.key!.readInt32BE(2);

test('changelogs are compacted: the first owner’s history goes after a claim and a clean, and a restore reads the state, not the history', { timeout: 120_000 }, async (t) => {
  // Segments close after 300 ms, any dirty share makes a partition due and tombstones go after 1 s (Kafka: a day), so the
  // cleaner follows the job within the test.
  const broker = await inProcessBroker({
    logCleanerBackoffMs: 200,
    log: { segmentMs: 300 },
    staticConfigs: { 'log.cleaner.min.cleanable.ratio': '0.01', 'log.cleaner.delete.retention.ms': '1000' },
  });
  const { logger, lines } = capturingLogger('info');
  let runs = 0;
  /** Runs the job until `input` more records are read, then stops it; returns what its restore read and took. */
  async function run(input: string[], durationMs: number, until: () => Promise<boolean> = async () => true): Promise<{ restoredRecords: number; restoreMs: number }> {
    const runLogger = logger.child({ run: ++runs });
    const runtime = new StreamRuntime(counts(), { bootstrap: broker.bootstrap, applicationId: APP, checkpointIntervalMs: 100, metricsTopic: null, logger: runLogger });
    const stop = new AbortController();
    const done = runtime.run(stop.signal);
    const assigned = await waitFor('the task assigned and restored', () => lines.find((l) => l.run === runs && l.msg === 'tasks assigned'), { timeoutMs: 30_000 });
    await producePaced(broker.bootstrap, 'cc-in', input, durationMs);
    await waitForValue('every input record read', async () => runtime.metrics().recordsIn, (n) => n === input.length, { timeoutMs: 30_000 });
    await waitFor('the run to reach its goal', until, { timeoutMs: 30_000, intervalMs: 250 });
    stop.abort();
    await done;
    return { restoredRecords: Number(assigned.restoredRecords), restoreMs: Number(assigned.ms) };
  }

  try {
    await createTopics(broker.bootstrap, { 'cc-in': 1, 'cc-out': 1 });
    // 30 rounds over every key, a checkpoint every 100 ms: the changelog holds each key many times.
    const first = await run(everyKey(30), 5000);
    assert.equal(first.restoredRecords, 0);
    const admin = createAdmin(broker.bootstrap, 'cc-admin');
    try {
      const policy = (await admin.topicConfigs(CHANGELOG)).find((c) => c.name === 'cleanup.policy');
      assert.deepEqual([policy?.value, policy?.setOnTopic], ['compact', true], 'the runtime created its changelog compacted');
    } finally {
      await admin.close();
    }
    const history = await readTopic(broker.port, CHANGELOG);
    const written = history.at(-1)!.offset + 1;
    // The cleaner already ran behind the first run: each key's older checkpoints are gone, its offsets are gaps.
    assert.ok(history.length < written / 2, `${history.length} records left of ${written} written`);
    assert.ok(history.every((r) => epochOf(r) === 1));

    // The second owner restores from the whole history, claims the task (a snapshot, then a tombstone per older key) and
    // checkpoints on: its appends close the segments holding the claim, and the cleaner drops the first owner's records.
    const second = await run(everyKey(1), 500);
    assert.ok(second.restoredRecords <= history.length, `the second restore read ${second.restoredRecords} records`);
    // Its values go at the first clean after the claim; the tombstones (its own deletes and the claim's) after delete.retention.ms.
    let firstOwners = -1;
    const compacted = await waitFor(
      "every record under the first owner's keys gone",
      async () => {
        const records = await readTopic(broker.port, CHANGELOG);
        firstOwners = records.filter((r) => keyEpochOf(r) === 1).length;
        return firstOwners === 0 && records;
      },
      { timeoutMs: 30_000, intervalMs: 250, detail: () => `${firstOwners} records of the first owner left` },
    );
    assert.ok(compacted.every((r) => epochOf(r) === 2));

    // A restore from the compacted changelog gives the exact state: every key counted 30 + 1 + 1 times.
    const totals = async () => [...lastByKey(await readTopic(broker.port, 'cc-out')).values()].map((r) => r.value!.toString());
    const third = await run(everyKey(1), 500, async () => (await totals()).every((v) => v === '32'));
    assert.ok(third.restoredRecords <= compacted.length + 2 * KEYS, `the third restore read ${third.restoredRecords} records`);
    assert.deepEqual(await totals(), Array(KEYS).fill('32'), 'every key counted 30 + 1 + 1 times: no count lost or doubled across two restores');
    t.diagnostic(JSON.stringify({ written, afterFirstRun: history.length, afterClaim: compacted.length, second, third }));
  } finally {
    await broker.stop();
  }
});
