import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CollectEmitter, TopKEmitter, WindowedKeyEmitter } from '../../../src/stream/processors/emitters.js';
import type { Processor } from '../../../src/stream/processors/processor.js';
import { forSeeds, mulberry32, randomInt, seeds } from '../prng.js';

function recorder(): Processor & { seen: Array<[unknown, unknown, number]> } {
  const seen: Array<[unknown, unknown, number]> = [];
  return { seen, process: (key, value, timestamp) => void seen.push([key, value, timestamp]) };
}

test('a windowed result is keyed by key and window and stamped with the last instant of the window', () => {
  const out = recorder();
  new WindowedKeyEmitter(out).emit('k', 3, 1000, 2000);
  assert.deepEqual(out.seen, [[{ key: 'k', start: 1000, end: 2000 }, 3, 1999]]);
});

test('collect sorts by key across key types and skips empty windows', () => {
  const out = recorder();
  const collect = new CollectEmitter(out);
  collect.flush(0, 1000);
  for (const key of ['b', 2, null, 'a', true, 10]) collect.emit(key, 0);
  collect.flush(0, 1000);
  assert.deepEqual(out.seen, [[{ start: 0, end: 1000 }, [[null, 0], [true, 0], [2, 0], [10, 0], ['a', 0], ['b', 0]], 999]]);
});

test('property: topK equals sorting everything by score descending, then key, and taking n', () => {
  forSeeds(seeds(20), (seed) => {
    const random = mulberry32(seed);
    const n = randomInt(random, 1, 6);
    const out = recorder();
    const topK = new TopKEmitter(n, (value) => value as number, out);
    const entries = Array.from({ length: randomInt(random, 0, 30) }, (_, i) => [`k${i}`, randomInt(random, 0, 4)] as const);
    for (const [key, value] of entries) topK.emit(key, value);
    topK.flush(0, 10);
    const expected = [...entries].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
    assert.deepEqual(out.seen, expected.length === 0 ? [] : [[{ start: 0, end: 10 }, expected, 9]]);
  });
});
