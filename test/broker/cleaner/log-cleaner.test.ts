import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Broker } from '../../../src/broker/index.js';
import { inProcessBroker, tempDir } from '../../helpers/broker.js';
import { capturingLogger } from '../../helpers/capturing-logger.js';
import { waitFor, waitForValue } from '../../helpers/wait-for.js';
import { createCompacted, fetchedLog, keys, produceWaves, readWithClient } from './compacted-topic.js';

const cleaned = (lines: Array<Record<string, unknown>>, topic: string) => lines.filter((l) => l.msg === 'cleaned a compacted partition' && l.topic === topic);

test('the cleaner keeps exactly the latest value of each key at its own offset, then drops tombstones after delete.retention.ms', async () => {
  const { logger, lines } = capturingLogger('info');
  const broker = await inProcessBroker({ logger, logCleanerBackoffMs: 100 });
  const topic = 'compacted-latest';
  try {
    // A low ratio lets every closed wave be cleaned as it comes: the answer must not depend on how cleans interleave with writes.
    await createCompacted(broker.bootstrap, topic, { 'segment.ms': '200', 'delete.retention.ms': '5000', 'min.cleanable.dirty.ratio': '0.01' });
    // Offsets: wave 1 is 0-19, wave 2 20-29, the tombstones 30-34, wave 4 35-39, the last record 40
    // (alone in the active segment, which is never cleaned).
    const sent = await produceWaves(
      broker.bootstrap,
      topic,
      [
        keys(0, 20).map((k) => [k, `v1-${k}`]),
        keys(0, 10).map((k) => [k, `v2-${k}`]),
        keys(15, 20).map((k) => [k, null]),
        keys(0, 5).map((k) => [k, `v3-${k}`]),
        [['end', 'last']],
      ],
      300,
    );
    const tombstonesWritten = sent[2]!;
    const live: Array<[number, string, string | null]> = [
      ...keys(10, 15).map((k, i): [number, string, string] => [10 + i, k, `v1-${k}`]),
      ...keys(5, 10).map((k, i): [number, string, string] => [25 + i, k, `v2-${k}`]),
      ...keys(0, 5).map((k, i): [number, string, string] => [35 + i, k, `v3-${k}`]),
      [40, 'end', 'last'],
    ];
    const withTombstones = [...live, ...keys(15, 20).map((k, i): [number, string, null] => [30 + i, k, null])].sort((a, b) => a[0] - b[0]);

    await waitForValue('the first clean', () => fetchedLog(broker.port, topic), (l) => l.length === withTombstones.length, { timeoutMs: 10_000 });
    const firstClean = await readWithClient(broker.bootstrap, topic);
    assert.deepEqual(
      firstClean.messages.map((m) => [m.offset, m.key, m.value]),
      withTombstones,
      'each key once, at the offset it was written at (gaps where superseded records were); tombstones still there',
    );
    assert.equal(firstClean.start, 0, 'the log start offset stays where it was, as in Kafka');
    assert.ok(Date.now() - tombstonesWritten < 5000, 'the clean was seen before delete.retention.ms could drop the tombstones');

    await waitForValue('the tombstones to go', () => fetchedLog(broker.port, topic), (l) => l.length === live.length, { timeoutMs: 15_000 });
    assert.ok(Date.now() - tombstonesWritten >= 5000, 'tombstones are not dropped before delete.retention.ms');
    const afterRetention = await readWithClient(broker.bootstrap, topic);
    assert.deepEqual(afterRetention.messages.map((m) => [m.offset, m.key, m.value]), live);

    const log = cleaned(lines, topic);
    const last = log.at(-1)!;
    assert.deepEqual([last.reason, last.recordsIn, last.recordsKept, last.tombstonesDueMs], ['tombstones', 20, 15, null], JSON.stringify(log));
    assert.ok(log.slice(0, -1).every((l) => l.reason === 'dirty-ratio'), JSON.stringify(log));
  } finally {
    await broker.stop();
  }
});

test('min.compaction.lag.ms holds records back, min.cleanable.dirty.ratio waits for enough dirt, internal topics are left alone', async () => {
  const { logger, lines } = capturingLogger('info');
  const broker = await inProcessBroker({ logger, logCleanerBackoffMs: 100 });
  try {
    await createCompacted(broker.bootstrap, 'lagged', { 'segment.ms': '200', 'min.compaction.lag.ms': '2500' });
    await createCompacted(broker.bootstrap, 'mostly-clean', { 'segment.ms': '200' });
    const value = 'x'.repeat(200);
    const lastOfLagged = (await produceWaves(broker.bootstrap, 'lagged', [keys(0, 10).map((k) => [k, value]), keys(0, 10).map((k) => [k, value]), [['end', 'last']]], 300))[1]!;
    await produceWaves(broker.bootstrap, 'mostly-clean', [keys(0, 20).map((k) => [k, value]), keys(0, 20).map((k) => [k, value]), [['end', 'last']]], 300);
    await waitForValue('mostly-clean cleaned', () => fetchedLog(broker.port, 'mostly-clean'), (l) => l.length === 21, { timeoutMs: 10_000 });
    const cleansBefore = cleaned(lines, 'mostly-clean').length;

    // One more overwrite: a few hundred dirty bytes beside ~5 kB cleaned is far below the 0.5 ratio.
    await produceWaves(broker.bootstrap, 'mostly-clean', [[['k00', 'newer']], [['end', 'later']]], 300);
    const lagged = await fetchedLog(broker.port, 'lagged');
    if (Date.now() - lastOfLagged < 2500) assert.equal(lagged.length, 21, 'nothing younger than min.compaction.lag.ms is cleaned');

    await waitForValue('lagged cleaned once old enough', () => fetchedLog(broker.port, 'lagged'), (l) => l.length === 11, { timeoutMs: 10_000 });
    assert.ok(Date.now() - lastOfLagged >= 2500, 'cleaned only after min.compaction.lag.ms');
    assert.equal(cleaned(lines, 'mostly-clean').length, cleansBefore, 'no clean below min.cleanable.dirty.ratio');
    const mostlyClean = await fetchedLog(broker.port, 'mostly-clean');
    assert.deepEqual(
      mostlyClean.filter(([, k]) => k === 'k00').map(([o, , v]) => [o, v]),
      [
        [20, value],
        [41, 'newer'],
      ],
      'the superseded k00 stays while the log is mostly clean',
    );
    assert.ok(!lines.some((l) => l.msg === 'cleaned a compacted partition' && l.topic === '__consumer_offsets'));
  } finally {
    await broker.stop();
  }
});

test('a broker closed in the middle of a clean, or after one, reopens to the same latest values', async () => {
  const dataDir = tempDir('streamdash-cleaner-restart-');
  const topic = 'restarted';
  const value = (k: string, n: number) => `${k}-${n}-${'y'.repeat(150)}`;
  // Small broker-wide segments (the topic level refuses less than 1 MiB) make several cleaned groups.
  const log = { segmentBytes: 4096, segmentMs: 200 };
  try {
    const latest = new Map<string, string>();
    // Written with the cleaner idle (its first pass an hour away).
    {
      const writer = await inProcessBroker({ dataDir, log, logCleanerBackoffMs: 60_000 * 60 });
      await createCompacted(writer.bootstrap, topic, {});
      const waves: Array<Array<[string, string]>> = [];
      for (let n = 0; n < 6; n++) waves.push(keys(0, 40).map((k) => [k, value(k, n)]));
      waves.push([['end', 'last']]);
      await produceWaves(writer.bootstrap, topic, waves, 250);
      for (const wave of waves) for (const [k, v] of wave) latest.set(k, v);
      await writer.close();
    }
    // Reopened with the cleaner on, and closed as soon as the first cleaned segment is swapped in.
    {
      const cleaning: { broker?: Broker } = {};
      let closed: Promise<void> | undefined;
      const { logger, lines } = capturingLogger('debug', (line) => {
        if (line.msg === 'swapped in a cleaned segment' && line.topic === topic) closed ??= cleaning.broker!.close();
      });
      cleaning.broker = await inProcessBroker({ dataDir, logger, log, logCleanerBackoffMs: 50 });
      await waitFor('the close to interrupt the clean', () => closed !== undefined, { timeoutMs: 10_000 });
      await closed;
      assert.ok(lines.some((l) => l.msg === 'clean stopped early (log changed or broker closing); it resumes on a later pass'), 'the close came mid-clean');
      assert.equal(cleaned(lines, topic).length, 0);
    }
    const partitionDir = join(dataDir, `${topic}-0`);
    assert.deepEqual(readdirSync(partitionDir).filter((n) => /\.(cleaned|swap)$/.test(n)), [], 'no swap left half done');

    // Reopened with the cleaner idle: every key's latest value is there (older ones may be too).
    {
      const broker = await inProcessBroker({ dataDir, log, logCleanerBackoffMs: 60_000 * 60 });
      try {
        const seen = new Map((await readWithClient(broker.bootstrap, topic)).messages.map((m) => [m.key!, m.value!]));
        assert.deepEqual(seen, latest);
      } finally {
        await broker.close();
      }
    }
    // Reopened with the cleaner on: the clean finishes, exactly the latest values remain.
    let afterClean: Array<[number, string | null, string | null]>;
    {
      const { logger, lines } = capturingLogger('warn');
      const broker = await inProcessBroker({ dataDir, logger, log, logCleanerBackoffMs: 50 });
      try {
        await waitForValue('the clean to finish', () => fetchedLog(broker.port, topic), (l) => l.length === latest.size, { timeoutMs: 15_000 });
        afterClean = (await readWithClient(broker.bootstrap, topic)).messages.map((m) => [m.offset, m.key, m.value]);
        assert.deepEqual(new Map(afterClean.map(([, k, v]) => [k, v])), latest);
        assert.deepEqual(afterClean.map(([o]) => o), [...keys(0, 40).map((_, i) => 200 + i), 240], 'the last wave, at its own offsets');
      } finally {
        await broker.close();
      }
      assert.deepEqual(lines, [], 'no warning: the cleaned segments and their indexes open as written');
    }
    // And once more after the clean: the same answer, with no clean needed.
    {
      const { logger, lines } = capturingLogger('info');
      const broker = await inProcessBroker({ dataDir, logger, log, logCleanerBackoffMs: 50 });
      try {
        await sleep(500);
        const again = (await readWithClient(broker.bootstrap, topic)).messages.map((m) => [m.offset, m.key, m.value]);
        assert.deepEqual(again, afterClean);
        assert.equal(cleaned(lines, topic).length, 0, 'the checkpoint says the log is clean: no clean after the restart');
        assert.ok(!lines.some((l) => l.level === 40 || l.level === 50), JSON.stringify(lines.filter((l) => Number(l.level) >= 40)));
      } finally {
        await broker.close();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
