import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MalformedInputError, Reader } from '../../../src/protocol/reader.js';
import { varintSize, varlongSize } from '../../../src/protocol/records/record-varints.js';
import { Writer } from '../../../src/protocol/writer.js';

// Values either side of every byte-count boundary, the int32 edges where Writer.varlong switches path, and the 2^27 fast-read edge.
const LONGS = [
  0, 1, -1, 63, -64, 64, -65, 8191, -8192, 8192, 2 ** 20, -(2 ** 20), 2 ** 27 - 1, -(2 ** 27), 2 ** 27, -(2 ** 27) - 1,
  2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 33, -(2 ** 40), 2 ** 48 + 7, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER,
];

/** The zigzag varlong bytes computed the slow, obviously right way. */
function referenceVarlong(v: number): Buffer {
  let zz = BigInt.asUintN(64, (BigInt(v) << 1n) ^ (BigInt(v) >> 63n));
  const out: number[] = [];
  while (zz >= 0x80n) {
    out.push(Number(zz & 0x7fn) | 0x80);
    zz >>= 7n;
  }
  out.push(Number(zz));
  return Buffer.from(out);
}

test('Writer.varlong writes the reference bytes on both its paths, and varlongSize counts them', () => {
  for (const v of LONGS) {
    const expected = referenceVarlong(v);
    assert.deepEqual(new Writer(4).varlong(v).toBuffer(), expected, String(v));
    assert.equal(varlongSize(v), expected.length, String(v));
  }
});

test('varintSize counts the bytes Writer.varint writes', () => {
  for (const v of [0, 1, -1, 63, -64, 64, 8191, 8192, 2 ** 20, 2 ** 27, 2 ** 31 - 1, -(2 ** 31)]) {
    assert.equal(varintSize(v), new Writer(4).varint(v).toBuffer().length, String(v));
  }
});

test('Reader.varlong reads short and long forms alike, and leaves the reader after it', () => {
  const r = new Reader(Buffer.concat(LONGS.flatMap((v) => [referenceVarlong(v), Buffer.from([0x5a])])));
  for (const v of LONGS) {
    assert.equal(r.varlong(), v);
    assert.equal(r.int8(), 0x5a);
  }
  assert.equal(r.remaining, 0);
});

test('Reader.varlong reports a varlong cut by the end of its reader', () => {
  const bytes = referenceVarlong(2 ** 40);
  assert.throws(() => new Reader(bytes, 0, 2).varlong(), MalformedInputError);
  assert.throws(() => new Reader(Buffer.from([0x80])).varlong(), MalformedInputError);
});
