import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { OffsetOutOfRangeError } from '../../../src/broker/log/errors.js';
import type { LogConfig } from '../../../src/broker/log/log-config.js';
import { PartitionLog } from '../../../src/broker/log/partition-log.js';
import { makeBatch } from './make-batch.js';
import { tempPartitionDir } from './temp-dir.js';

/** Seven 300-byte one-record batches, two per 600-byte segment: bases 0, 2, 4 and the active 6. */
function fourSegments(dir: string, config: Partial<LogConfig>): { log: PartitionLog; batches: Buffer[] } {
  const log = PartitionLog.open(dir, { segmentBytes: 600, ...config });
  const batches = Array.from({ length: 7 }, (_, i) => makeBatch({ bodyBytes: 239, maxTimestamp: 1000 * (1 + Math.floor(i / 2)), seed: i }));
  for (const batch of batches) log.append(batch);
  assert.equal(log.segmentCount, 4);
  return { log, batches };
}

function logFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.log'));
}

test('retentionMs deletes the oldest sealed segments whose largest timestamp is too old', () => {
  const dir = tempPartitionDir();
  const { log, batches } = fourSegments(dir, { retentionMs: 1500 });
  assert.equal(log.applyRetention(3500), 1, 'segment 0 (ts 1000) expired, segment 2 (ts 2000) not yet');
  assert.equal(log.applyRetention(3600), 1);
  assert.equal(log.logStartOffset, 4);
  assert.deepEqual(logFiles(dir), ['00000000000000000004.log', '00000000000000000006.log']);
  assert.equal(readdirSync(dir).length, 6, 'indexes went with their segments');
  assert.throws(
    () => log.read(3, 100),
    (err: unknown) => err instanceof OffsetOutOfRangeError && err.logStartOffset === 4 && err.logEndOffset === 7,
  );
  assert.deepEqual(log.read(4, 1 << 20), Buffer.concat(batches.slice(4)));
  log.close();

  const reopened = PartitionLog.open(dir, { segmentBytes: 600, retentionMs: 1500 });
  assert.equal(reopened.logStartOffset, 4, 'the start offset survives a restart');
  assert.equal(reopened.applyRetention(1e12), 1, 'the active segment is never deleted');
  assert.equal(reopened.segmentCount, 1);
  assert.equal(reopened.logStartOffset, 6);
  assert.equal(reopened.append(makeBatch()).baseOffset, 7);
  reopened.close();
});

test('retentionBytes deletes the oldest sealed segments while the rest still hold that many bytes', () => {
  const dir = tempPartitionDir();
  const { log, batches } = fourSegments(dir, { retentionBytes: 1000 });
  assert.equal(log.sizeBytes, 2100);
  assert.equal(log.applyRetention(0), 1, '2100 - 600 >= 1000, but 1500 - 600 < 1000');
  assert.equal(log.sizeBytes, 1500);
  assert.equal(log.logStartOffset, 2);
  assert.throws(() => log.read(1, 100), OffsetOutOfRangeError);
  assert.deepEqual(log.read(2, 1 << 20), Buffer.concat(batches.slice(2)));
  assert.equal(log.applyRetention(0), 0);
  log.close();
  const reopened = PartitionLog.open(dir, { retentionBytes: 1000 });
  assert.equal(reopened.logStartOffset, 2);
  reopened.close();
});

test('-1 disables both retention limits', () => {
  const { log } = fourSegments(tempPartitionDir(), { retentionMs: -1, retentionBytes: -1 });
  assert.equal(log.applyRetention(1e15), 0);
  assert.equal(log.segmentCount, 4);
  assert.equal(log.logStartOffset, 0);
  log.close();
});
