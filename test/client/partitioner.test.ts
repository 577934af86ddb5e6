import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { defaultPartitioner, murmur2, partitionForKey } from '../../src/client/partitioner.js';
import { forSeeds, mulberry32, randomInt, seeds } from '../stream/prng.js';

test("murmur2 gives the values of the Java client's own test cases (UtilsTest.testMurmur2)", () => {
  const cases: Array<[string, number]> = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
    // Every length remainder 1..4, as checked against Utils.murmur2 by other Kafka partitioners' tests.
    ['1', -1993445489],
    ['12', 126087238],
    ['123', -267702483],
    ['1234', -1614185708],
    ['12345', -1188365604],
  ];
  for (const [key, expected] of cases) assert.equal(murmur2(Buffer.from(key)), expected, key);
});

test('murmur2 agrees with kafkajs on random keys of every length remainder', () => {
  const kafkajs = createRequire(import.meta.url)('kafkajs/src/producer/partitioners/default/murmur2.js') as (b: Buffer) => number;
  forSeeds(seeds(3), (seed) => {
    const random = mulberry32(seed);
    for (let i = 0; i < 300; i++) {
      const key = Buffer.from(Array.from({ length: randomInt(random, 0, 40) }, () => randomInt(random, 0, 255)));
      assert.equal(murmur2(key), kafkajs(key), key.toString('hex'));
    }
  });
});

test('partitionForKey stays within the partition count', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const p = partitionForKey(Buffer.from(`key-${i}`), 3);
    assert.ok(p >= 0 && p < 3);
    seen.add(p);
  }
  assert.equal(seen.size, 3);
});

test('the default partitioner places keys by murmur2 and spreads keyless records round-robin', () => {
  const pick = defaultPartitioner();
  for (const key of ['21', 'foobar', '']) assert.equal(pick(Buffer.from(key)) % 7, partitionForKey(Buffer.from(key), 7), key);
  assert.deepEqual([pick(undefined), pick(undefined), pick(undefined)].map((p) => p % 2), [0, 1, 0]);
});
