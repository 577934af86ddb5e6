import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Reader, MalformedInputError } from '../../src/protocol/reader.js';
import { Writer } from '../../src/protocol/writer.js';

test('varint, varlong and uvarint round-trip at their edges', () => {
  const ints = [0, 1, -1, 63, -64, 64, 300, -300, 2147483647, -2147483648];
  const longs = [0, 1, -1, 2 ** 40, -(2 ** 40), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
  const uints = [0, 1, 127, 128, 16383, 16384, 4294967295];
  const w = new Writer(4);
  for (const v of ints) w.varint(v);
  for (const v of longs) w.varlong(v);
  for (const v of uints) w.uvarint(v);
  const r = new Reader(w.toBuffer());
  assert.deepEqual(ints.map(() => r.varint()), ints);
  assert.deepEqual(longs.map(() => r.varlong()), longs);
  assert.deepEqual(uints.map(() => r.uvarint()), uints);
  assert.equal(r.remaining, 0);
});

test('varints encode to the bytes the Kafka spec gives', () => {
  assert.deepEqual([...new Writer().varint(-1).toBuffer()], [0x01]);
  assert.deepEqual([...new Writer().varint(1).toBuffer()], [0x02]);
  assert.deepEqual([...new Writer().uvarint(300).toBuffer()], [0xac, 0x02]);
  assert.deepEqual([...new Writer().varlong(-65).toBuffer()], [0x81, 0x01]);
});

test('fixed-width ints, strings and bytes round-trip, compact and classic', () => {
  const big = Buffer.alloc(5000, 7);
  const w = new Writer(8)
    .int8(-5).int16(-300).uint16(65000).int32(-70000).uint32(4000000000).int64(-(2 ** 50)).int64(2 ** 52 + 3).float64(1.5)
    .string('淘宝').nullableString(null).compactString('').compactNullableString(null).compactString('abc')
    .bytes(Buffer.from([1, 2])).nullableBytes(null).compactBytes(big).compactNullableBytes(null).bool(true);
  const r = new Reader(w.toBuffer());
  assert.equal(r.int8(), -5);
  assert.equal(r.int16(), -300);
  assert.equal(r.uint16(), 65000);
  assert.equal(r.int32(), -70000);
  assert.equal(r.uint32(), 4000000000);
  assert.equal(r.int64(), -(2 ** 50));
  assert.equal(r.int64(), 2 ** 52 + 3);
  assert.equal(r.float64(), 1.5);
  assert.equal(r.string(), '淘宝');
  assert.equal(r.nullableString(), null);
  assert.equal(r.compactString(), '');
  assert.equal(r.compactNullableString(), null);
  assert.equal(r.compactString(), 'abc');
  assert.deepEqual([...r.bytes()], [1, 2]);
  assert.equal(r.nullableBytes(), null);
  assert.ok(r.compactBytes().equals(big));
  assert.equal(r.compactNullableBytes(), null);
  assert.equal(r.bool(), true);
  assert.equal(r.remaining, 0);
});

test('reading past the end or a lying length throws MalformedInputError', () => {
  assert.throws(() => new Reader(Buffer.from([0, 0, 0])).int32(), MalformedInputError);
  assert.throws(() => new Reader(Buffer.from([0, 10, 65])).string(), MalformedInputError);
  assert.throws(() => new Reader(Buffer.from([0x7f, 0xff, 0xff, 0xff])).arrayLength(false), MalformedInputError);
  assert.throws(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).uvarint(), MalformedInputError);
});
