import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, readdirSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { pino } from 'pino';
import type { Logger } from '../../../src/log.js';
import { Off } from '../../../src/protocol/records/batch-header.js';
import { PartitionLog } from '../../../src/broker/log/partition-log.js';
import { segmentPath } from '../../../src/broker/log/segment-files.js';
import { makeBatch } from './make-batch.js';
import { fillRandomLog } from './random-log.js';
import { tempPartitionDir } from './temp-dir.js';

const CONFIG = { segmentBytes: 1000, indexIntervalBytes: 100 };

/** Base offset of the second, active segment built by twoSegmentLog. */
const ACTIVE_BASE = 6;

/**
 * A closed log of two segments of three batches each (1000-byte segments);
 * the active one ends with a 200-byte batch. Returns every batch as stored.
 */
function twoSegmentLog(dir: string): { batches: Buffer[]; lastBase: number } {
  const log = PartitionLog.open(dir, CONFIG);
  const sizes = [300, 300, 300, 300, 250, 200];
  const batches = sizes.map((size, i) => makeBatch({ records: i + 1, bodyBytes: size - 61, maxTimestamp: 5000 + i, seed: i }));
  const bases = batches.map((batch) => log.append(batch).baseOffset);
  assert.equal(log.segmentCount, 2);
  assert.equal(bases[3], ACTIVE_BASE);
  log.close();
  return { batches, lastBase: bases.at(-1)! };
}

function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, sink), lines };
}

test('a last batch cut at any byte is dropped and every whole batch before it kept', () => {
  const dir = tempPartitionDir();
  const { batches, lastBase } = twoSegmentLog(dir);
  const kept = Buffer.concat(batches.slice(0, -1));
  const lastSize = batches.at(-1)!.length;
  const copy = `${dir}-copy`;
  for (let cut = 1; cut <= lastSize; cut++) {
    cpSync(dir, copy, { recursive: true });
    const activeLog = segmentPath(copy, ACTIVE_BASE, 'log');
    truncateSync(activeLog, statSync(activeLog).size - cut);
    const log = PartitionLog.open(copy, CONFIG);
    assert.equal(log.logEndOffset, lastBase, `cut ${cut}`);
    assert.deepEqual(log.read(0, 1 << 20), kept, `cut ${cut}`);
    assert.equal(log.append(makeBatch({ seed: cut })).baseOffset, lastBase, `cut ${cut}: offsets continue`);
    log.delete();
  }
});

test('recovery logs how many bytes it cut and why', () => {
  const dir = tempPartitionDir();
  const { batches } = twoSegmentLog(dir);
  const activeLog = segmentPath(dir, ACTIVE_BASE, 'log');
  truncateSync(activeLog, statSync(activeLog).size - 10);
  const { logger, lines } = capturingLogger();
  PartitionLog.open(dir, CONFIG, { logger }).close();
  const warning = lines.find((l) => l.msg === 'cut a torn or corrupt tail off the active segment');
  assert.ok(warning, JSON.stringify(lines));
  assert.equal(warning.cutBytes, batches.at(-1)!.length - 10);
  assert.match(String(warning.reason), /cut short/);
});

test('a batch with a bad CRC, or one whose offsets do not continue, is cut with everything after it', () => {
  const cases: Array<{ name: string; field: number; victim: number; reason: RegExp }> = [
    { name: 'body byte', field: 100, victim: 5, reason: /CRC32C mismatch/ },
    { name: 'max timestamp', field: Off.maxTimestamp + 7, victim: 5, reason: /CRC32C mismatch/ },
    { name: 'base offset, outside the CRC', field: Off.baseOffset + 7, victim: 5, reason: /does not continue/ },
    { name: 'middle batch body', field: 80, victim: 4, reason: /CRC32C mismatch/ },
  ];
  for (const c of cases) {
    const dir = tempPartitionDir();
    const { batches } = twoSegmentLog(dir);
    const activeLog = segmentPath(dir, ACTIVE_BASE, 'log');
    const bytes = readFileSync(activeLog);
    const victimStart = batches.slice(3, c.victim).reduce((sum, b) => sum + b.length, 0);
    bytes[victimStart + c.field]! ^= 0x01;
    writeFileSync(activeLog, bytes);

    const { logger, lines } = capturingLogger();
    const log = PartitionLog.open(dir, CONFIG, { logger });
    const kept = batches.slice(0, c.victim);
    assert.deepEqual(log.read(0, 1 << 20), Buffer.concat(kept), c.name);
    assert.equal(log.logEndOffset, ACTIVE_BASE + kept.slice(3).reduce((sum, b) => sum + b.readInt32BE(Off.lastOffsetDelta) + 1, 0), c.name);
    assert.match(String(lines[0]?.reason), c.reason, c.name);
    log.close();
  }
});

test('missing, cut, garbage or stale indexes are rebuilt exactly and lookups stay right', () => {
  const dir = tempPartitionDir();
  const config = { segmentBytes: 16 * 1024, indexIntervalBytes: 512 };
  const stored = fillRandomLog(dir, config, 120);
  const names = (kind: string) => readdirSync(dir).filter((n) => n.endsWith(`.${kind}`)).sort();
  const indexes = names('index');
  const timeIndexes = names('timeindex');
  assert.ok(indexes.length >= 5);
  const before = new Map([...indexes, ...timeIndexes].map((n) => [n, readFileSync(join(dir, n))]));

  unlinkSync(join(dir, indexes[0]!));
  unlinkSync(join(dir, timeIndexes[0]!));
  writeFileSync(join(dir, timeIndexes[1]!), Buffer.alloc(48, 0xab));
  truncateSync(join(dir, indexes[2]!), before.get(indexes[2]!)!.length - 3);
  writeFileSync(join(dir, indexes[3]!), before.get(indexes[1]!)!);
  writeFileSync(join(dir, indexes.at(-1)!), Buffer.alloc(16, 0xab));

  const { logger, lines } = capturingLogger();
  const log = PartitionLog.open(dir, config, { logger });
  for (const [name, bytes] of before) assert.deepEqual(readFileSync(join(dir, name)), bytes, `${name} rebuilt as written`);
  assert.equal(lines.filter((l) => l.msg === 'rebuilt a missing or damaged index').length, 4, 'the active segment is always re-indexed, silently');
  for (const b of stored) {
    assert.deepEqual(log.read(b.lastOffset, 1), b.bytes);
    const hit = stored.find((x) => x.maxTimestamp >= b.maxTimestamp)!;
    assert.deepEqual(log.offsetForTimestamp(b.maxTimestamp), { offset: hit.baseOffset, timestamp: hit.maxTimestamp });
  }
  log.close();
});

test('index files without their .log are removed; an empty folder starts at offset 0', () => {
  const dir = tempPartitionDir();
  const log = PartitionLog.open(dir);
  assert.equal(log.logEndOffset, 0);
  assert.equal(log.read(0, 100).length, 0);
  log.close();
  const stray = segmentPath(dir, 42, 'index');
  writeFileSync(stray, Buffer.alloc(8));
  PartitionLog.open(dir).close();
  assert.equal(existsSync(stray), false);
  assert.deepEqual(readdirSync(dir).sort(), ['00000000000000000000.index', '00000000000000000000.log', '00000000000000000000.timeindex']);
});
