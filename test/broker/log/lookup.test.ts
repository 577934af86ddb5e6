import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PartitionLog } from '../../../src/broker/log/partition-log.js';
import { fillRandomLog, prng, type StoredBatch } from './random-log.js';
import { tempPartitionDir } from './temp-dir.js';

const CONFIG = { segmentBytes: 16 * 1024, indexIntervalBytes: 512 };

function containing(stored: StoredBatch[], offset: number): number {
  return stored.findIndex((b) => b.baseOffset <= offset && offset <= b.lastOffset);
}

/** What a fetch must return, found by walking every batch. */
function expectedRead(stored: StoredBatch[], offset: number, maxBytes: number): Buffer {
  const first = containing(stored, offset);
  const out = [stored[first]!.bytes];
  let size = stored[first]!.bytes.length;
  for (let i = first + 1; i < stored.length && size + stored[i]!.bytes.length <= maxBytes; i++) {
    out.push(stored[i]!.bytes);
    size += stored[i]!.bytes.length;
  }
  return Buffer.concat(out);
}

test('index lookups find the batch holding every offset, as a scan of all batches does', () => {
  const dir = tempPartitionDir();
  const stored = fillRandomLog(dir, CONFIG, 300);
  stored.forEach((b, i) => i > 0 && assert.equal(b.baseOffset, stored[i - 1]!.lastOffset + 1));

  const indexEntries = readdirSync(dir)
    .filter((n) => n.endsWith('.index'))
    .reduce((sum, n) => sum + statSync(join(dir, n)).size / 8, 0);
  assert.ok(indexEntries > 100 && indexEntries < stored.length, `sparse index with ${indexEntries} entries`);

  // Reopened, so no recently-appended positions help: every lookup goes through the index.
  const log = PartitionLog.open(dir, CONFIG);
  assert.ok(log.segmentCount > 10);
  const end = stored.at(-1)!.lastOffset + 1;
  assert.equal(log.logEndOffset, end);
  for (let offset = 0; offset < end; offset++) {
    assert.deepEqual(log.read(offset, 1), stored[containing(stored, offset)]!.bytes, `offset ${offset}`);
  }
  const random = prng(3);
  for (let n = 0; n < 200; n++) {
    const offset = Math.floor(random() * end);
    const maxBytes = Math.floor(random() * 20_000);
    assert.deepEqual(log.read(offset, maxBytes), expectedRead(stored, offset, maxBytes), `offset ${offset}, maxBytes ${maxBytes}`);
  }
  log.close();
});

test('offsetForTimestamp finds the first batch reaching the timestamp, as a scan of all batches does', () => {
  const dir = tempPartitionDir();
  const stored = fillRandomLog(dir, CONFIG, 300, 11);
  const timestamps = stored.map((b) => b.maxTimestamp);
  const probes = [Math.min(...timestamps) - 1, Math.max(...timestamps) + 1, ...timestamps.flatMap((t) => [t - 1, t, t + 1])];
  const expected = (ts: number) => {
    const hit = stored.find((b) => b.maxTimestamp >= ts);
    return hit ? { offset: hit.baseOffset, timestamp: hit.maxTimestamp } : null;
  };

  const log = PartitionLog.open(dir, CONFIG);
  for (const ts of probes) assert.deepEqual(log.offsetForTimestamp(ts), expected(ts), `timestamp ${ts}`);
  assert.equal(log.offsetForTimestamp(Math.max(...timestamps) + 1), null);
  log.close();
});
