import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Attr, batchCrcValid, computeBatchCrc, Off, setBaseOffset } from '../../../src/protocol/records/batch-header.js';
import {
  type CodecSet,
  CompressionType,
  defaultCodecs,
  pureCodecs,
  UnsupportedCompressionError,
} from '../../../src/protocol/records/compression/index.js';
import { zstdAvailable } from '../../../src/protocol/records/compression/zstd.js';
import { CorruptBatchError, InvalidBatchInputError } from '../../../src/protocol/records/errors.js';
import { CorruptCompressedDataError } from '../../../src/protocol/records/compression/index.js';
import type { RecordInput } from '../../../src/protocol/records/record.js';
import {
  decodeRecordBatch,
  decodeRecordBatches,
  encodeRecordBatch,
  type RecordBatchInput,
  TimestampType,
} from '../../../src/protocol/records/record-batch.js';

const T = 1_700_000_000_000;
const COMPRESSIONS = [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4];

const sampleRecords: RecordInput[] = [
  {
    key: Buffer.from('user-1'),
    value: Buffer.from('{"page":"/home","ms":12}'),
    headers: [
      { key: 'trace', value: Buffer.from([0, 1, 2, 255]) },
      { key: 'ünïcødé-键', value: null },
    ],
    timestamp: T,
  },
  { key: null, value: Buffer.from('no key'), timestamp: T + 5 },
  { key: Buffer.from('tombstone'), value: null, timestamp: T - 3 },
  {
    key: Buffer.from('键🔑'),
    value: Buffer.from('值 ✓ 🚀'),
    headers: [{ key: '', value: Buffer.alloc(0) }],
    // A delta beyond int32, so the varlong takes its long path.
    timestamp: T + 2 ** 33,
  },
  { key: Buffer.from('big'), value: Buffer.alloc(5000, 'xyz'), timestamp: T + 1 },
];

function sampleBatch(compression: CompressionType): RecordBatchInput {
  return {
    baseOffset: 1000,
    partitionLeaderEpoch: 7,
    compression,
    isTransactional: true,
    producerId: 4242,
    producerEpoch: 3,
    baseSequence: 17,
    records: sampleRecords,
  };
}

function withCrcFixed(batch: Buffer): Buffer {
  batch.writeUInt32BE(computeBatchCrc(batch), Off.crc);
  return batch;
}

for (const compression of COMPRESSIONS) {
  test(`a ${CompressionType[compression]} batch decodes to every field it was encoded from`, () => {
    const bytes = encodeRecordBatch(sampleBatch(compression));
    const batch = decodeRecordBatch(bytes);
    assert.equal(batch.baseOffset, 1000);
    assert.equal(batch.batchLength, bytes.length - 12);
    assert.equal(batch.partitionLeaderEpoch, 7);
    assert.equal(batch.magic, 2);
    assert.equal(batch.compression, compression);
    assert.equal(batch.attributes, compression | Attr.transactional);
    assert.equal(batch.isTransactional, true);
    assert.equal(batch.isControlBatch, false);
    assert.equal(batch.timestampType, TimestampType.CreateTime);
    assert.equal(batch.lastOffsetDelta, 4);
    assert.equal(batch.baseTimestamp, T);
    assert.equal(batch.maxTimestamp, T + 2 ** 33);
    assert.equal(batch.producerId, 4242);
    assert.equal(batch.producerEpoch, 3);
    assert.equal(batch.baseSequence, 17);
    assert.equal(batch.recordCount, 5);
    assert.deepEqual(
      batch.records.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp })),
      sampleRecords.map((r) => ({ key: r.key, value: r.value, headers: r.headers ?? [], timestamp: r.timestamp })),
    );
    assert.deepEqual(batch.records.map((r) => r.offset), [1000, 1001, 1002, 1003, 1004]);
    assert.equal(batch.records[3]!.headers[0]!.key, '');
    assert.equal(batch.records[0]!.headers[1]!.key, 'ünïcødé-键');
  });
}

const codecSets: [string, CodecSet][] = [
  ['default', defaultCodecs],
  ['pure-TS', pureCodecs],
];

for (const [name, codecs] of codecSets) {
  test(`encode(decode(batch)) is bit-exact for every compression with the ${name} codecs`, () => {
    for (const compression of COMPRESSIONS) {
      const bytes = encodeRecordBatch(sampleBatch(compression), codecs);
      assert.deepEqual(encodeRecordBatch(decodeRecordBatch(bytes, codecs), codecs), bytes, CompressionType[compression]);
    }
  });
}

test('batches compressed by the pure-TS codecs decode with the default ones, and the reverse', () => {
  for (const compression of COMPRESSIONS) {
    for (const [from, to] of [
      [pureCodecs, defaultCodecs],
      [defaultCodecs, pureCodecs],
    ] as const) {
      const bytes = encodeRecordBatch(sampleBatch(compression), from);
      const batch = decodeRecordBatch(bytes, to);
      assert.deepEqual(batch.records.map((r) => r.value), sampleRecords.map((r) => r.value), CompressionType[compression]);
    }
  }
});

test('the golden one-record batch: encodeRecordBatch writes exactly the bytes the v2 spec lays out', () => {
  // Record: length 8, attributes 0, timestampDelta 0, offsetDelta 0, key "k", value "v", 0 headers.
  const record = [0x10, 0x00, 0x00, 0x00, 0x02, 0x6b, 0x02, 0x76, 0x00];
  const crcCovered = Buffer.from([
    ...[0x00, 0x00], // attributes
    ...[0x00, 0x00, 0x00, 0x00], // lastOffsetDelta
    ...[0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00], // baseTimestamp 1700000000000
    ...[0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00], // maxTimestamp
    ...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // producerId -1
    ...[0xff, 0xff], // producerEpoch -1
    ...[0xff, 0xff, 0xff, 0xff], // baseSequence -1
    ...[0x00, 0x00, 0x00, 0x01], // record count
    ...record,
  ]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32cReference(crcCovered));
  const expected = Buffer.concat([
    Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]), // baseOffset
    Buffer.from([0x00, 0x00, 0x00, 0x3a]), // batchLength 58
    Buffer.from([0xff, 0xff, 0xff, 0xff]), // partitionLeaderEpoch -1
    Buffer.from([0x02]), // magic
    crc,
    crcCovered,
  ]);
  const actual = encodeRecordBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v'), timestamp: T }] });
  assert.deepEqual(actual, expected);
});

test('the reference CRC32C used by the golden test gives the standard check value', () => {
  assert.equal(crc32cReference(Buffer.from('123456789')), 0xe3069283);
});

/** Bit-at-a-time CRC32C (Castagnoli, reflected 0x82f63b78), independent of the library the code under test uses. */
function crc32cReference(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

test('an uncompressed batch yields keys and values as views into its own bytes', () => {
  const bytes = encodeRecordBatch(sampleBatch(CompressionType.None));
  const value = decodeRecordBatch(bytes).records[4]!.value!;
  assert.equal(value.buffer, bytes.buffer);
  assert.ok(value.byteOffset >= bytes.byteOffset && value.byteOffset + value.length <= bytes.byteOffset + bytes.length);
});

test('a flipped byte anywhere under the CRC is reported as a bad-crc CorruptBatchError', () => {
  for (const compression of COMPRESSIONS) {
    const bytes = encodeRecordBatch(sampleBatch(compression));
    for (const at of [Off.attributes, Off.recordCount + 3, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[at]! ^= 0x01;
      assert.throws(
        () => decodeRecordBatch(tampered),
        (err: unknown) => err instanceof CorruptBatchError && err.kind === 'bad-crc' && /re-fetch/.test(err.message),
      );
    }
  }
});

test('setBaseOffset rewrites the base offset in place and the CRC stays valid', () => {
  const bytes = encodeRecordBatch(sampleBatch(CompressionType.Lz4));
  const before = Buffer.from(bytes);
  setBaseOffset(bytes, 2 ** 40 + 5);
  assert.ok(batchCrcValid(bytes));
  assert.deepEqual(bytes.subarray(8), before.subarray(8));
  const batch = decodeRecordBatch(bytes);
  assert.equal(batch.baseOffset, 2 ** 40 + 5);
  assert.deepEqual(batch.records.map((r) => r.offset), [0, 1, 2, 3, 4].map((i) => 2 ** 40 + 5 + i));
});

test('decodeRecordBatches reads three batches laid end to end and skips a cut-off fourth', () => {
  const batches = [CompressionType.None, CompressionType.Snappy, CompressionType.Gzip].map((compression, i) =>
    encodeRecordBatch({ ...sampleBatch(compression), baseOffset: i * 5 }),
  );
  const fourth = encodeRecordBatch({ ...sampleBatch(CompressionType.Lz4), baseOffset: 15 });
  const whole = Buffer.concat(batches);
  for (const tail of [fourth.subarray(0, fourth.length - 1), fourth.subarray(0, 30), fourth.subarray(0, 11), Buffer.alloc(0)]) {
    const decoded = decodeRecordBatches(Buffer.concat([whole, tail]));
    assert.deepEqual(decoded.map((b) => b.baseOffset), [0, 5, 10]);
    assert.deepEqual(decoded.map((b) => b.compression), [CompressionType.None, CompressionType.Snappy, CompressionType.Gzip]);
    assert.deepEqual(decoded.flatMap((b) => b.records.map((r) => r.offset)), Array.from({ length: 15 }, (_, i) => i));
  }
  assert.deepEqual(decodeRecordBatches(Buffer.alloc(0)), []);
});

test('decodeRecordBatches rejects a batch length below the header size instead of waiting for more bytes', () => {
  const bytes = encodeRecordBatch(sampleBatch(CompressionType.None));
  bytes.writeInt32BE(10, Off.batchLength);
  assert.throws(() => decodeRecordBatches(bytes), (err: unknown) => err instanceof CorruptBatchError && err.kind === 'bad-length');
});

test('a compacted batch keeps its offset gaps, lastOffsetDelta and timestamps through decode and encode', () => {
  const input: RecordBatchInput = {
    baseOffset: 100,
    baseTimestamp: T - 50,
    lastOffsetDelta: 9,
    records: [
      { key: Buffer.from('a'), value: Buffer.from('1'), timestamp: T, offsetDelta: 0 },
      { key: Buffer.from('b'), value: Buffer.from('2'), timestamp: T + 1, offsetDelta: 3 },
      { key: Buffer.from('c'), value: Buffer.from('3'), timestamp: T + 2, offsetDelta: 7 },
    ],
  };
  const bytes = encodeRecordBatch(input);
  const batch = decodeRecordBatch(bytes);
  assert.deepEqual(batch.records.map((r) => r.offset), [100, 103, 107]);
  assert.deepEqual(batch.records.map((r) => r.timestamp), [T, T + 1, T + 2]);
  assert.equal(batch.lastOffsetDelta, 9);
  assert.equal(batch.baseTimestamp, T - 50);
  assert.deepEqual(encodeRecordBatch(batch), bytes);
});

test('an empty batch kept by compaction encodes when it gives lastOffsetDelta, and decodes to no records', () => {
  const bytes = encodeRecordBatch({ records: [], lastOffsetDelta: 4, producerId: 9, baseTimestamp: T, maxTimestamp: T + 4 });
  const batch = decodeRecordBatch(bytes);
  assert.equal(batch.recordCount, 0);
  assert.deepEqual(batch.records, []);
  assert.equal(batch.lastOffsetDelta, 4);
  assert.equal(batch.maxTimestamp, T + 4);
});

test('under LogAppendTime every record reports the batch maxTimestamp, as Kafka clients do', () => {
  const bytes = encodeRecordBatch({ ...sampleBatch(CompressionType.None), timestampType: TimestampType.LogAppendTime, maxTimestamp: T + 999 });
  const batch = decodeRecordBatch(bytes);
  assert.equal(batch.timestampType, TimestampType.LogAppendTime);
  assert.equal(batch.attributes & Attr.timestampTypeLogAppend, Attr.timestampTypeLogAppend);
  assert.deepEqual(new Set(batch.records.map((r) => r.timestamp)), new Set([T + 999]));
});

test('the control flag round-trips', () => {
  const bytes = encodeRecordBatch({
    isTransactional: true,
    isControlBatch: true,
    producerId: 1,
    producerEpoch: 0,
    records: [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]), timestamp: T }],
  });
  const batch = decodeRecordBatch(bytes);
  assert.equal(batch.isControlBatch, true);
  assert.equal(batch.attributes, Attr.transactional | Attr.control);
});

test('input no v2 batch could carry is refused with InvalidBatchInputError', () => {
  const rec = { key: null, value: Buffer.from('v'), timestamp: T };
  assert.throws(() => encodeRecordBatch({ records: [] }), InvalidBatchInputError);
  assert.throws(() => encodeRecordBatch({ records: [{ ...rec, offsetDelta: 2 }, { ...rec, offsetDelta: 2 }] }), InvalidBatchInputError);
  assert.throws(() => encodeRecordBatch({ records: [{ ...rec, timestamp: 1.5 }] }), InvalidBatchInputError);
  assert.throws(() => encodeRecordBatch({ records: [{ ...rec, offsetDelta: 3 }], lastOffsetDelta: 2 }), InvalidBatchInputError);
});

test('records that overrun or underfill their declared length are bad-records, even under a valid CRC', () => {
  const bytes = encodeRecordBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v'), timestamp: T }] });
  const longer = Buffer.from(bytes);
  longer[61] = 0x12; // record length 9 where its fields take 8
  const fewer = Buffer.from(bytes);
  fewer.writeInt32BE(2, Off.recordCount);
  fewer.writeInt32BE(1, Off.lastOffsetDelta);
  const extra = Buffer.concat([bytes, Buffer.from([0])]);
  extra.writeInt32BE(extra.length - 12, Off.batchLength);
  for (const bad of [longer, fewer, extra]) {
    assert.throws(
      () => decodeRecordBatch(withCrcFixed(bad)),
      (err: unknown) => err instanceof CorruptBatchError && err.kind === 'bad-records',
    );
  }
});

test('decodeRecordBatch refuses old message formats and bytes trailing the batch', () => {
  const bytes = encodeRecordBatch(sampleBatch(CompressionType.None));
  const v1 = Buffer.from(bytes);
  v1[Off.magic] = 1;
  assert.throws(() => decodeRecordBatch(v1), (err: unknown) => err instanceof CorruptBatchError && err.kind === 'bad-magic');
  assert.throws(
    () => decodeRecordBatch(Buffer.concat([bytes, bytes])),
    (err: unknown) => err instanceof CorruptBatchError && err.kind === 'trailing-bytes',
  );
});

test('a compression attribute Kafka does not define is an UnsupportedCompressionError', () => {
  const bytes = encodeRecordBatch(sampleBatch(CompressionType.None));
  bytes.writeInt16BE(5, Off.attributes);
  assert.throws(() => decodeRecordBatch(withCrcFixed(bytes)), UnsupportedCompressionError);
});

function zstdBatch(): Buffer {
  const bytes = encodeRecordBatch(sampleBatch(CompressionType.None));
  bytes.writeInt16BE(CompressionType.Zstd, Off.attributes);
  return withCrcFixed(bytes);
}

test('where zlib has no zstd, encoding a zstd batch names Node 22.15 and decoding one checks the payload', (t) => {
  if (zstdAvailable) return t.skip(`Node ${process.versions.node} has zstd in zlib; the round-trip test covers it`);
  assert.throws(() => encodeRecordBatch(sampleBatch(CompressionType.Zstd)), (err: unknown) => err instanceof UnsupportedCompressionError && /Node >= 22\.15/.test(err.message));
  assert.throws(() => decodeRecordBatch(zstdBatch()), CorruptCompressedDataError);
});

test('zstd batches round-trip where zlib has zstd', (t) => {
  if (!zstdAvailable) return t.skip(`Node ${process.versions.node} has no zstd in zlib (needs >= 22.15)`);
  const bytes = encodeRecordBatch(sampleBatch(CompressionType.Zstd));
  assert.deepEqual(encodeRecordBatch(decodeRecordBatch(bytes)), bytes);
});
