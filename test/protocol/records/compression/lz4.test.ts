import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { CompressionType, CorruptCompressedDataError, decompress, pureCodecs } from '../../../../src/protocol/records/compression/index.js';
import { nativeLz4, pureLz4 } from '../../../../src/protocol/records/compression/lz4.js';
import { xxhash32 } from '../../../../src/protocol/records/compression/xxhash32.js';
import { codecSamples } from './samples.js';

const NO_ADDON = 'the native lz4 addon did not load on this machine, so there is nothing to check the pure-TS codec against';
const MAGIC = Buffer.from([0x04, 0x22, 0x4d, 0x18]);
const END_MARK = Buffer.alloc(4);

function le32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}

/** A frame assembled by hand from the LZ4 frame spec. */
function frame(flg: number, blocks: (Buffer | { stored: Buffer })[], options: { contentSize?: number; kip57BrokenChecksum?: boolean } = {}): Buffer {
  const descriptor = Buffer.from([flg, 0x40]);
  const withSize = options.contentSize === undefined ? descriptor : Buffer.concat([descriptor, le32(options.contentSize), le32(0)]);
  const checked = options.kip57BrokenChecksum ? Buffer.concat([MAGIC, withSize]) : withSize;
  const parts: Buffer[] = [MAGIC, withSize, Buffer.from([(xxhash32(checked) >>> 8) & 0xff])];
  for (const block of blocks) {
    if (Buffer.isBuffer(block)) parts.push(le32(block.length), block);
    else parts.push(le32(0x80000000 | block.stored.length), block.stored);
  }
  parts.push(END_MARK);
  return Buffer.concat(parts);
}

// Block 1: the literals "abcdefgh". Block 2: an 8-byte match 8 bytes back (inside block 1), then the literal "z".
const FIRST_BLOCK = Buffer.concat([Buffer.from([0x80]), Buffer.from('abcdefgh')]);
const SECOND_BLOCK = Buffer.from([0x04, 0x08, 0x00, 0x10, 0x7a]);
const LINKED = 0x40;
const INDEPENDENT = 0x60;

function lz4With(codec: typeof pureLz4) {
  return { ...pureCodecs, [CompressionType.Lz4]: codec };
}

test('the pure-TS frame decoder reads what native lz4 compressed', (t) => {
  if (!nativeLz4) return t.skip(NO_ADDON);
  for (const sample of codecSamples()) assert.deepEqual(pureLz4.decompress(nativeLz4.compress(sample)), sample);
});

test('native lz4 reads the frames of uncompressed blocks the pure-TS encoder writes', (t) => {
  if (!nativeLz4) return t.skip(NO_ADDON);
  for (const sample of codecSamples()) assert.deepEqual(nativeLz4.decompress(pureLz4.compress(sample)), sample);
});

test('the pure-TS decoder checks content and block checksums when a frame carries them', (t) => {
  if (!nativeLz4) return t.skip(NO_ADDON);
  const lz4 = createRequire(import.meta.url)('lz4-napi') as typeof import('lz4-napi');
  const text = codecSamples()[4]!;
  const checked = lz4.compressFrameSync(text, { contentChecksum: true, blockChecksums: true });
  assert.deepEqual(pureLz4.decompress(checked), text);
  const contentOnly = lz4.compressFrameSync(text, { contentChecksum: true });
  assert.deepEqual(pureLz4.decompress(contentOnly), text);
  const badContent = Buffer.from(contentOnly);
  badContent[badContent.length - 1]! ^= 1;
  assert.throws(() => pureLz4.decompress(badContent), /content checksum mismatch/);
  const badBlock = Buffer.from(checked);
  badBlock[badBlock.length - 9]! ^= 1; // the last block's checksum, before the end mark and content checksum
  assert.throws(() => pureLz4.decompress(badBlock), /block checksum mismatch/);
});

test('linked blocks may match into earlier blocks; independent blocks may not', () => {
  assert.equal(pureLz4.decompress(frame(LINKED, [FIRST_BLOCK, SECOND_BLOCK])).toString(), 'abcdefghabcdefghz');
  assert.throws(() => pureLz4.decompress(frame(INDEPENDENT, [FIRST_BLOCK, SECOND_BLOCK])), CorruptCompressedDataError);
});

test('native lz4 agrees with the pure-TS decoder on linked and independent blocks', (t) => {
  const native = nativeLz4;
  if (!native) return t.skip(NO_ADDON);
  assert.equal(native.decompress(frame(LINKED, [FIRST_BLOCK, SECOND_BLOCK])).toString(), 'abcdefghabcdefghz');
  assert.throws(() => decompress(CompressionType.Lz4, frame(INDEPENDENT, [FIRST_BLOCK, SECOND_BLOCK]), lz4With(native)), CorruptCompressedDataError);
});

test('uncompressed blocks, a content size and a skippable frame between frames are all read', () => {
  const withSize = frame(INDEPENDENT | 0x08, [FIRST_BLOCK], { contentSize: 8 });
  const skippable = Buffer.concat([le32(0x184d2a53), le32(3), Buffer.from([1, 2, 3])]);
  const stored = frame(INDEPENDENT, [{ stored: Buffer.from('hello') }]);
  assert.equal(pureLz4.decompress(Buffer.concat([withSize, skippable, stored])).toString(), 'abcdefghhello');
});

test('a wrong content size, a KIP-57 header checksum and a cut frame are CorruptCompressedDataErrors', () => {
  const damaged = [
    frame(INDEPENDENT | 0x08, [FIRST_BLOCK], { contentSize: 9 }),
    // Kafka before 0.10 hashed the magic into the header checksum; no client has written that since.
    frame(INDEPENDENT, [FIRST_BLOCK], { kip57BrokenChecksum: true }),
    frame(INDEPENDENT, [FIRST_BLOCK]).subarray(0, 12),
    Buffer.from([1, 2, 3, 4, 5]),
  ];
  for (const bytes of damaged) assert.throws(() => pureLz4.decompress(bytes), CorruptCompressedDataError, bytes.toString('hex'));
});
