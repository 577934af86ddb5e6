import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { pino } from 'pino';
import { PartitionLog } from '../../../src/broker/log/partition-log.js';
import { makeBatch } from '../log/make-batch.js';
import { tempPartitionDir } from '../log/temp-dir.js';

const CONFIG = { segmentBytes: 100, indexIntervalBytes: 0 };

/** Six closed segments of one two-record batch each (offsets 0-1, 2-3, … 10-11) and the active one at 12. */
function sixSegments(dir: string): { log: PartitionLog; batches: Buffer[] } {
  const log = PartitionLog.open(dir, CONFIG);
  const batches: Buffer[] = [];
  for (let i = 0; i < 7; i++) {
    const b = makeBatch({ records: 2, bodyBytes: 39, maxTimestamp: 1000 + i, seed: i });
    log.append(b);
    batches.push(b);
  }
  assert.equal(log.segmentCount, 7);
  return { log, batches };
}

const bases = (records: Buffer) => {
  const out: number[] = [];
  for (let at = 0; at < records.length; at += records.readInt32BE(at + 8) + 12) out.push(Number(records.readBigInt64BE(at)));
  return out;
};

test('a cleaned log reads across its offset gaps and empty segments, and reopens the same with its indexes rebuilt', () => {
  const dir = tempPartitionDir();
  const { log, batches } = sixSegments(dir);
  // As a clean would leave it: of offsets 0-5 only the batch at 4 is kept, of 6-11 nothing.
  assert.equal(log.replaceSegments(0, 6, batches[2]!), true);
  assert.equal(log.replaceSegments(6, 12, Buffer.alloc(0)), true);
  assert.equal(log.replaceSegments(6, 10, Buffer.alloc(0)), false, 'segments no longer there are refused');
  assert.equal(log.replaceSegments(12, 14, Buffer.alloc(0)), false, 'the active segment is never replaced');
  const check = (l: PartitionLog, when: string) => {
    assert.deepEqual([l.logStartOffset, l.logEndOffset, l.segmentCount], [0, 14, 3], when);
    for (const offset of [0, 3, 4, 5]) assert.deepEqual(bases(l.read(offset, 1 << 20)), [4, 12], `${when}: a fetch at ${offset} gets the next batch that is there`);
    for (const offset of [6, 9, 12]) assert.deepEqual(bases(l.read(offset, 1 << 20)), [12], `${when}: a fetch at ${offset} skips the empty segment`);
    assert.deepEqual(bases(l.read(0, 1)), [4], `${when}: at least one batch, as KIP-74 says`);
    assert.equal(l.offsetForTimestamp(1000)?.offset, 4, `${when}: the first batch that is left answers a time lookup`);
  };
  check(log, 'live');
  log.close();

  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const reopened = PartitionLog.open(dir, CONFIG, { logger: pino({ level: 'warn' }, sink) });
  check(reopened, 'reopened');
  assert.equal(lines.length, 0, `the indexes the cleaner wrote are sound: ${JSON.stringify(lines)}`);
  reopened.close();

  for (const name of readdirSync(dir).filter((n) => /\.(index|timeindex)$/.test(n))) rmSync(join(dir, name));
  lines.length = 0;
  const rebuilt = PartitionLog.open(dir, CONFIG, { logger: pino({ level: 'warn' }, sink) });
  check(rebuilt, 'indexes rebuilt');
  assert.deepEqual(
    lines.map((l) => l.msg),
    ['rebuilt a missing or damaged index', 'rebuilt a missing or damaged index'],
    'rebuilt without calling a gap damage',
  );
  rebuilt.close();
});
