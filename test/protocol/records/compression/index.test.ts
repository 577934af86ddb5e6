import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import {
  compress,
  CompressionType,
  CorruptCompressedDataError,
  decompress,
  UnsupportedCompressionError,
} from '../../../../src/protocol/records/compression/index.js';
import { zstdAvailable } from '../../../../src/protocol/records/compression/zstd.js';
import { codecSamples } from './samples.js';

test('every codec this Node can run round-trips every sample through compress and decompress', () => {
  const types = [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4];
  if (zstdAvailable) types.push(CompressionType.Zstd);
  for (const type of types) {
    for (const sample of codecSamples()) assert.deepEqual(decompress(type, compress(type, sample)), sample, CompressionType[type]);
  }
});

test('gzip decompresses whatever level the producer chose', () => {
  const text = codecSamples()[4]!;
  assert.deepEqual(decompress(CompressionType.Gzip, zlib.gzipSync(text, { level: 9 })), text);
});

test('damaged gzip becomes a CorruptCompressedDataError keeping zlib’s error as its cause', () => {
  const bytes = compress(CompressionType.Gzip, Buffer.from('some text to compress'));
  bytes[12]! ^= 0xff;
  assert.throws(
    () => decompress(CompressionType.Gzip, bytes),
    (err: unknown) => err instanceof CorruptCompressedDataError && err.cause instanceof Error && /gzip data is corrupt/.test(err.message),
  );
});

test('a compression type Kafka does not define is an UnsupportedCompressionError', () => {
  for (const n of [5, 6, 7]) {
    const type: CompressionType = n;
    assert.throws(() => decompress(type, Buffer.alloc(1)), UnsupportedCompressionError);
  }
});

test('on Node without zstd in zlib, zstd compression says Node 22.15 is needed, and decompression still checks its input', (t) => {
  if (zstdAvailable) return t.skip(`Node ${process.versions.node} has zstd in zlib, so compression works`);
  assert.throws(() => compress(CompressionType.Zstd, Buffer.from('x')), (err: unknown) => err instanceof UnsupportedCompressionError && /Node >= 22\.15/.test(err.message));
  assert.throws(() => decompress(CompressionType.Zstd, Buffer.from('x')), CorruptCompressedDataError);
});
