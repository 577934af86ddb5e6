import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { xxhash32 } from '../../../../src/protocol/records/compression/xxhash32.js';
import { codecSamples } from './samples.js';

test('xxhash32 gives the reference values for short inputs', () => {
  assert.equal(xxhash32(Buffer.alloc(0)), 0x02cc5d05);
  assert.equal(xxhash32(Buffer.from('a')), 0x550d7456);
  assert.equal(xxhash32(Buffer.from('abc')), 0x32d153ff);
});

test("xxhash32 matches the content checksum native lz4 writes, at every length through the 16-byte stripes", (t) => {
  let lz4: typeof import('lz4-napi');
  try {
    lz4 = createRequire(import.meta.url)('lz4-napi') as typeof import('lz4-napi');
  } catch {
    return t.skip('the native lz4 addon did not load on this machine, so there is no second xxHash32 to compare with');
  }
  const text = codecSamples()[4]!;
  for (const length of [...Array.from({ length: 40 }, (_, i) => i), 1000, text.length]) {
    const data = text.subarray(0, length);
    const framed = lz4.compressFrameSync(data, { contentChecksum: true });
    assert.equal(xxhash32(data), framed.readUInt32LE(framed.length - 4), `length ${length}`);
  }
});
