import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompressionType, defaultCodecs, pureCodecs } from '../../../src/protocol/records/compression/index.js';
import { xxhash32 } from '../../../src/protocol/records/compression/xxhash32.js';
import { repairOldLz4Frame, toOldLz4Frame } from '../../../src/protocol/records/legacy-lz4.js';
import { CorruptMessageSetError, decodeMessageSet, encodeMessageSet, type MessageInput } from '../../../src/protocol/records/message-set.js';
import { TimestampType } from '../../../src/protocol/records/record-batch.js';

const T = 1_700_000_000_000;
const messages: MessageInput[] = [
  { offset: 0, timestamp: T, key: Buffer.from('user-1'), value: Buffer.from('{"page":"/home"}') },
  { offset: 1, timestamp: T + 5, key: null, value: Buffer.from('v2') },
  { offset: 2, timestamp: T + 7, key: Buffer.from('k3'), value: null },
];

// Written by kafka-python 2.0.2's LegacyRecordBatchBuilder from the three messages above
// (python3-kafka on Debian), so the encoder is checked against a client, byte for byte.
const KAFKA_PYTHON_V0 =
  '00000000000000000000002478518c97000000000006757365722d31000000107b2270616765223a222f686f6d65227d000000000000000100000010d5960a780000ffffffff000000027632000000000000000200000010b643ca6a0000000000026b33ffffffff';
const KAFKA_PYTHON_V1 =
  '00000000000000000000002c019e00df01000000018bcfe5680000000006757365722d31000000107b2270616765223a222f686f6d65227d000000000000000100000018820bfd0301000000018bcfe56805ffffffff000000027632000000000000000200000018b9b284d001000000018bcfe56807000000026b33ffffffff';
// The first two messages gzip-compressed by the same builder (gzip embeds a time, so these are decoded, not re-encoded).
const KAFKA_PYTHON_GZIP_V0 =
  '000000000000000000000058162eb3920001ffffffff0000004a1f8b080046ce116b02ff63608003958ac09ee960165b69716a91ae21902550ad5490989eaa64a5a49f919f9baa540b55cb0892bb3a8dab8281e13f1000794c6546004402a3ed4c000000';
const KAFKA_PYTHON_GZIP_V1 =
  '00000000000000000000006ae7c795b301010000000000000000ffffffff000000541f8b080046ce116b02ff636080031dc6790cf719810cc6eef34f3340226ca5c5a945ba86409640b55241627aaa9295927e467e6eaa522d540f48b94413f75f66b83ed6ff4000e43095190100e536932e5c000000';

test('uncompressed magic 0 and 1 message sets are byte-identical to kafka-python', () => {
  assert.equal(encodeMessageSet({ magic: 0, messages }).toString('hex'), KAFKA_PYTHON_V0);
  assert.equal(encodeMessageSet({ magic: 1, messages }).toString('hex'), KAFKA_PYTHON_V1);
});

test('kafka-python message sets decode to their keys, values, offsets and (magic 1) timestamps', () => {
  const v0 = decodeMessageSet(Buffer.from(KAFKA_PYTHON_V0, 'hex'));
  assert.deepEqual(
    v0.map((m) => [m.offset, m.magic, m.timestamp, m.key?.toString() ?? null, m.value?.toString() ?? null]),
    [
      [0, 0, -1, 'user-1', '{"page":"/home"}'],
      [1, 0, -1, null, 'v2'],
      [2, 0, -1, 'k3', null],
    ],
  );
  const v1 = decodeMessageSet(Buffer.from(KAFKA_PYTHON_V1, 'hex'));
  assert.deepEqual(
    v1.map((m) => [m.offset, m.magic, m.timestamp]),
    [
      [0, 1, T],
      [1, 1, T + 5],
      [2, 1, T + 7],
    ],
  );
});

test("kafka-python's gzip wrappers decode: absolute inner offsets in magic 0, relative in magic 1", () => {
  const v0 = decodeMessageSet(Buffer.from(KAFKA_PYTHON_GZIP_V0, 'hex'));
  assert.deepEqual(v0.map((m) => [m.offset, m.compression, m.key?.toString() ?? null, m.value?.toString()]), [
    [0, CompressionType.Gzip, 'user-1', '{"page":"/home"}'],
    [1, CompressionType.Gzip, null, 'v2'],
  ]);
  const v1 = decodeMessageSet(Buffer.from(KAFKA_PYTHON_GZIP_V1, 'hex'));
  // kafka-python leaves the wrapper's offset at 0; inner offsets stay one apart, ending at the wrapper's.
  assert.deepEqual(v1.map((m) => [m.offset, m.timestamp]), [
    [-1, T],
    [0, T + 5],
  ]);
});

for (const [codecsName, codecs] of [['default', defaultCodecs], ['pure', pureCodecs]] as const) {
  for (const compression of [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4]) {
    for (const magic of [0, 1] as const) {
      test(`wrapper round trip: ${CompressionType[compression]} magic ${magic} (${codecsName} codecs)`, () => {
        const at100 = messages.map((m) => ({ ...m, offset: m.offset + 100 }));
        const set = encodeMessageSet({ magic, compression, messages: at100 }, codecs);
        // One wrapper carrying the last inner offset.
        assert.equal(set.readUInt32BE(4), 102);
        const back = decodeMessageSet(set, { codecs });
        assert.deepEqual(
          back.map((m) => [m.offset, m.timestamp, m.key, m.value, m.compression]),
          at100.map((m) => [m.offset, magic === 1 ? m.timestamp : -1, m.key, m.value, compression]),
        );
      });
    }
  }
}

test('snappy wrappers use xerial framing, as the Java clients of the era read them', () => {
  const set = encodeMessageSet({ magic: 1, compression: CompressionType.Snappy, messages });
  const valueAt = 12 + 4 + 1 + 1 + 8 + 4 + 4;
  assert.equal(set.subarray(valueAt, valueAt + 8).toString('hex'), '82534e4150505900');
});

test('magic 0 lz4 frames carry the pre-KIP-57 header checksum (over the magic too), and either checksum is read', () => {
  const frame = defaultCodecs[CompressionType.Lz4].compress(Buffer.from('hello hello hello hello'));
  const old = toOldLz4Frame(frame);
  assert.equal(old[4]! & 0x08, 0, 'no content size');
  assert.equal(old[6], (xxhash32(old.subarray(0, 6)) >>> 8) & 0xff);
  assert.equal(repairOldLz4Frame(old)[6], (xxhash32(old.subarray(4, 6)) >>> 8) & 0xff);
  const set = encodeMessageSet({ magic: 0, compression: CompressionType.Lz4, messages });
  assert.equal(decodeMessageSet(set).length, 3);
});

test('LogAppendTime on a magic 1 wrapper gives every inner message the wrapper timestamp', () => {
  const set = encodeMessageSet({ magic: 1, compression: CompressionType.Gzip, timestampType: TimestampType.LogAppendTime, messages });
  const back = decodeMessageSet(set);
  assert.deepEqual(back.map((m) => [m.timestamp, m.timestampType]), messages.map(() => [T + 7, TimestampType.LogAppendTime]));
});

test('a flipped byte fails the CRC; a cut set fails unless a partial tail is allowed', () => {
  const set = encodeMessageSet({ magic: 1, messages });
  const bad = Buffer.from(set);
  bad[30] ^= 1;
  assert.throws(() => decodeMessageSet(bad), (e: unknown) => e instanceof CorruptMessageSetError && e.kind === 'bad-crc');
  const cut = set.subarray(0, set.length - 3);
  assert.throws(() => decodeMessageSet(cut), (e: unknown) => e instanceof CorruptMessageSetError && e.kind === 'truncated');
  assert.equal(decodeMessageSet(cut, { allowPartialTail: true }).length, 2);
});

test('a magic byte of 2 inside a message set is refused', () => {
  const set = encodeMessageSet({ magic: 1, messages: messages.slice(0, 1) });
  set[16] = 2;
  assert.throws(() => decodeMessageSet(set), (e: unknown) => e instanceof CorruptMessageSetError && e.kind === 'bad-magic');
});
