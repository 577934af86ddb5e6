import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompressionType, CorruptCompressedDataError, decompress, pureCodecs } from '../../../../src/protocol/records/compression/index.js';
import { nativeSnappy, pureSnappy } from '../../../../src/protocol/records/compression/snappy.js';
import { codecSamples } from './samples.js';

const NO_ADDON = 'the native snappy addon did not load on this machine, so there is nothing to check the pure-TS codec against';
const XERIAL_HEADER = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);

function xerialFrame(blocks: Buffer[]): Buffer {
  const parts: Buffer[] = [XERIAL_HEADER];
  for (const block of blocks) {
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

test('the pure-TS decoder reads what native snappy compressed', (t) => {
  if (!nativeSnappy) return t.skip(NO_ADDON);
  for (const sample of codecSamples()) assert.deepEqual(pureSnappy.decompress(nativeSnappy.compress(sample)), sample);
});

test('native snappy reads what the pure-TS compressor wrote', (t) => {
  if (!nativeSnappy) return t.skip(NO_ADDON);
  for (const sample of codecSamples()) assert.deepEqual(nativeSnappy.decompress(pureSnappy.compress(sample)), sample);
});

test('the pure-TS codec round-trips on its own', () => {
  for (const sample of codecSamples()) assert.deepEqual(pureSnappy.decompress(pureSnappy.compress(sample)), sample);
});

test("xerial-framed snappy, as Kafka's Java client writes it, decompresses with both codecs", (t) => {
  if (!nativeSnappy) return t.skip(NO_ADDON);
  const text = codecSamples()[4]!;
  const half = text.length >> 1;
  const framed = xerialFrame([nativeSnappy.compress(text.subarray(0, half)), nativeSnappy.compress(text.subarray(half))]);
  assert.deepEqual(nativeSnappy.decompress(framed), text);
  assert.deepEqual(pureSnappy.decompress(framed), text);
  assert.deepEqual(pureSnappy.decompress(xerialFrame([])), Buffer.alloc(0));
});

test('the pure-TS decoder expands an overlapping copy into a repeated pattern', () => {
  // length 12, literal "ab", then a 1-byte-offset copy of 10 bytes from 2 back
  const block = Buffer.from([0x0c, 0x04, 0x61, 0x62, 0x19, 0x02]);
  assert.equal(pureSnappy.decompress(block).toString(), 'abababababab');
});

test('damaged snappy is a CorruptCompressedDataError from either codec', () => {
  const good = pureSnappy.compress(Buffer.from('hello, snappy'));
  const damaged = [
    good.subarray(0, good.length - 1), // cut short
    Buffer.from([0x0c, 0x04, 0x61, 0x62, 0x19, 0x03]), // copy from before the start
    Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]), // claims 4 GiB from 1 byte
    Buffer.concat([XERIAL_HEADER, Buffer.from([0, 0, 0, 99, 1])]), // xerial chunk overruns
  ];
  const codecs = [pureSnappy, ...(nativeSnappy ? [nativeSnappy] : [])];
  for (const bytes of damaged) {
    for (const codec of codecs) {
      assert.throws(
        () => decompress(CompressionType.Snappy, bytes, { ...pureCodecs, [CompressionType.Snappy]: codec }),
        CorruptCompressedDataError,
        bytes.toString('hex'),
      );
    }
  }
});
