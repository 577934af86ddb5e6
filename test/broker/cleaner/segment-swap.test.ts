import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { recoverSwaps, swapInCleanedSegment } from '../../../src/broker/cleaner/segment-swap.js';
import { silentLogger } from '../../../src/log.js';
import { tempDir } from '../../helpers/broker.js';

const name = (base: number, kind: string) => `${String(base).padStart(20, '0')}.${kind}`;
const pending = (base: number, next: number, kind: string) => `${String(base).padStart(20, '0')}.${String(next).padStart(20, '0')}.${kind}`;

/** Segments 0, 100 and 200 with their indexes, and the active one at 300. */
function folder(): string {
  const dir = tempDir('streamdash-swap-');
  for (const base of [0, 100, 200, 300]) for (const kind of ['log', 'index', 'timeindex']) writeFileSync(join(dir, name(base, kind)), `old ${base} ${kind}`);
  return dir;
}

test('a swap replaces the segments based in [base, next) by one cleaned .log, leaving the others alone', () => {
  const dir = folder();
  try {
    swapInCleanedSegment(dir, 0, 200, Buffer.from('cleaned 0-200'));
    assert.deepEqual(readdirSync(dir).sort(), [name(0, 'log'), name(200, 'index'), name(200, 'log'), name(200, 'timeindex'), name(300, 'index'), name(300, 'log'), name(300, 'timeindex')]);
    assert.equal(readFileSync(join(dir, name(0, 'log')), 'utf8'), 'cleaned 0-200');
    assert.equal(readFileSync(join(dir, name(200, 'log')), 'utf8'), 'old 200 log');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a crash before the commit point: recovery deletes the .cleaned file and the old segments stay whole', () => {
  const dir = folder();
  try {
    writeFileSync(join(dir, pending(0, 200, 'cleaned')), 'half written');
    assert.deepEqual(recoverSwaps(dir, silentLogger), { discarded: 1, finished: 0 });
    assert.equal(readdirSync(dir).length, 12);
    assert.equal(readFileSync(join(dir, name(100, 'log')), 'utf8'), 'old 100 log');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a crash after the commit point, at any step of the deletes: recovery finishes the swap', () => {
  for (const deletedBeforeCrash of [0, 1, 4, 6]) {
    const dir = folder();
    try {
      writeFileSync(join(dir, pending(0, 200, 'swap')), 'cleaned 0-200');
      const old = [0, 100].flatMap((b) => ['log', 'index', 'timeindex'].map((k) => name(b, k)));
      for (const n of old.slice(0, deletedBeforeCrash)) rmSync(join(dir, n));
      assert.deepEqual(recoverSwaps(dir, silentLogger), { discarded: 0, finished: 1 });
      assert.equal(readFileSync(join(dir, name(0, 'log')), 'utf8'), 'cleaned 0-200', `after ${deletedBeforeCrash} deletes`);
      assert.equal(readdirSync(dir).length, 7, 'the new .log, segment 200 and the active segment');
      assert.ok(!readdirSync(dir).includes(name(100, 'log')));
      assert.ok(!readdirSync(dir).includes(name(0, 'index')), 'the old index is not trusted for the new segment');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
