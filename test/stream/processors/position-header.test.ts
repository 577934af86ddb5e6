import assert from 'node:assert/strict';
import { test } from 'node:test';
import { POSITION_HEADER, encodePosition, findPosition } from '../../../src/stream/processors/position-header.js';

test('the position header is int32 partition then int64 sequence, big-endian', () => {
  const bytes = encodePosition(2, 2 ** 32 + 5);
  assert.deepEqual([...bytes], [0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 5]);
});

test('positions are found under string or Buffer header names, as Kafka clients hand them over', () => {
  const value = encodePosition(7, 123_456_789_012);
  assert.deepEqual(findPosition(new Map([[POSITION_HEADER, value]])), { partition: 7, sequence: 123_456_789_012 });
  assert.deepEqual(findPosition(new Map([[Buffer.from('other'), Buffer.from('x')], [Buffer.from(POSITION_HEADER), value]])), {
    partition: 7,
    sequence: 123_456_789_012,
  });
  assert.equal(findPosition(undefined), undefined);
  assert.equal(findPosition([[POSITION_HEADER, Buffer.from('short')]]), undefined);
});
