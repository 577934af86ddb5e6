import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MalformedInputError, Reader } from '../../../src/protocol/reader.js';
import { readVarlong, varintSize, varlongSize, writeVarlong } from '../../../src/protocol/records/record-varints.js';
import { Writer } from '../../../src/protocol/writer.js';

// Values either side of every byte-count boundary, the int32 edges where writeVarlong switches path, and the 2^27 fast-read edge.
const LONGS = [
  0, 1, -1, 63, -64, 64, -65, 8191, -8192, 8192, 2 ** 20, -(2 ** 20), 2 ** 27 - 1, -(2 ** 27), 2 ** 27, -(2 ** 27) - 1,
  2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 33, -(2 ** 40), 2 ** 48 + 7, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER,
];

test('writeVarlong writes the same bytes as Writer.varlong, and varlongSize counts them', () => {
  for (const v of LONGS) {
    const w = new Writer(4);
    writeVarlong(w, v);
    const expected = new Writer(4).varlong(v).toBuffer();
    assert.deepEqual(w.toBuffer(), expected, String(v));
    assert.equal(varlongSize(v), expected.length, String(v));
  }
});

test('varintSize counts the bytes Writer.varint writes', () => {
  for (const v of [0, 1, -1, 63, -64, 64, 8191, 8192, 2 ** 20, 2 ** 27, 2 ** 31 - 1, -(2 ** 31)]) {
    assert.equal(varintSize(v), new Writer(4).varint(v).toBuffer().length, String(v));
  }
});

test('readVarlong reads what Writer.varlong wrote, short and long forms alike, and leaves the reader after it', () => {
  const w = new Writer(4);
  for (const v of LONGS) w.varlong(v).int8(0x5a);
  const r = new Reader(w.toBuffer());
  for (const v of LONGS) {
    assert.equal(readVarlong(r), v);
    assert.equal(r.int8(), 0x5a);
  }
  assert.equal(r.remaining, 0);
});

test('readVarlong reports a varlong cut by the end of its reader', () => {
  const bytes = new Writer().varlong(2 ** 40).toBuffer();
  assert.throws(() => readVarlong(new Reader(bytes, 0, 2)), MalformedInputError);
  assert.throws(() => readVarlong(new Reader(Buffer.from([0x80]))), MalformedInputError);
});
