import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { BATCH_HEADER_SIZE, BATCH_LOG_OVERHEAD, computeBatchCrc, Off } from '../../../src/protocol/records/batch-header.js';
import { CompressionType } from '../../../src/protocol/records/compression/index.js';
import { crc32 } from '../../../src/protocol/records/crc32.js';
import { batchesToMessageSet, type DownConvertOptions } from '../../../src/protocol/records/down-convert.js';
import { CorruptBatchError } from '../../../src/protocol/records/errors.js';
import { decodeMessageSet, encodeMessageSet, type MessageInput } from '../../../src/protocol/records/message-set.js';
import { encodeRecordBatch, type RecordBatchInput, TimestampType } from '../../../src/protocol/records/record-batch.js';
import type { RecordInput } from '../../../src/protocol/records/record.js';

// The down-conversion writes magic 0/1 messages itself, straight from the stored batch bytes; each
// test holds its output against encodeMessageSet (byte-identical to kafka-python, see
// message-set.test.ts) given the records a consumer of that era must see.

const T = 1_700_000_000_000;
const all: Omit<DownConvertOptions, 'fetchOffset'> = { maxBytes: 1 << 20, allowOversizedFirst: true };

const records: RecordInput[] = [
  { key: Buffer.from('user-1'), value: Buffer.from('{"page":"/home"}'), timestamp: T },
  { key: null, value: Buffer.from('v2'), timestamp: T + 5, headers: [{ key: 'trace', value: Buffer.from('abc') }], offsetDelta: 2 },
  { key: Buffer.from('k3'), value: null, timestamp: T + 7, offsetDelta: 3 },
  { key: Buffer.alloc(0), value: Buffer.alloc(300, 0x61), timestamp: T - 1, offsetDelta: 5 },
];

function batch(baseOffset: number, input: Partial<RecordBatchInput> = {}): Buffer {
  return encodeRecordBatch({ baseOffset, records, ...input });
}

/** The messages a consumer should get for `records` stored at baseOffset, one message each. */
function expected(magic: 0 | 1, baseOffset: number, from = 0, timestamp?: number): Buffer {
  const messages: MessageInput[] = records
    .map((r, i) => ({ offset: baseOffset + (r.offsetDelta ?? i), timestamp: timestamp ?? r.timestamp, key: r.key, value: r.value }))
    .filter((m) => m.offset >= from);
  return Buffer.concat(messages.map((m) => encodeMessageSet({ magic, timestampType: timestamp === undefined ? TimestampType.CreateTime : TimestampType.LogAppendTime, messages: [m] })));
}

test('magic 0/1 CRC-32 matches zlib over every length either side of the native cut-over, at odd starts', () => {
  const data = Buffer.from(Array.from({ length: 4200 }, (_, i) => (i * 7919 + 13) & 0xff));
  for (let n = 0; n <= 2100; n++) assert.equal(crc32(data, 3 + n, 3 + 2 * n), zlibCrc32(data.subarray(3 + n, 3 + 2 * n)), `length ${n}`);
});

test('plain batches become one message each, headers dropped, offset gaps and null keys/values kept, starting at the asked offset', () => {
  const set = Buffer.concat([batch(10), batch(20)]);
  for (const magic of [0, 1] as const) {
    assert.deepEqual(batchesToMessageSet(set, magic, { fetchOffset: 10, ...all }), Buffer.concat([expected(magic, 10), expected(magic, 20)]));
    assert.deepEqual(batchesToMessageSet(set, magic, { fetchOffset: 13, ...all }), Buffer.concat([expected(magic, 10, 13), expected(magic, 20)]));
  }
});

test('a LogAppendTime batch gives every message its max timestamp, flagged LogAppendTime under magic 1', () => {
  const stored = batch(0, { timestampType: TimestampType.LogAppendTime, maxTimestamp: T + 99 });
  const set = batchesToMessageSet(stored, 1, { fetchOffset: 0, ...all });
  assert.deepEqual(set, expected(1, 0, 0, T + 99));
  assert.deepEqual(decodeMessageSet(set).map((m) => [m.timestamp, m.timestampType]), records.map(() => [T + 99, TimestampType.LogAppendTime]));
});

test('gzip, snappy and lz4 batches become one wrapper of the same codec with every record, those before the asked offset too', () => {
  for (const compression of [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4]) {
    for (const magic of [0, 1] as const) {
      const set = batchesToMessageSet(batch(40, { compression }), magic, { fetchOffset: 43, ...all });
      const back = decodeMessageSet(set);
      assert.deepEqual(back.map((m) => [m.offset, m.compression, m.key, m.value]), records.map((r, i) => [40 + (r.offsetDelta ?? i), compression, r.key, r.value]));
    }
  }
});

/** A zstd batch whose payload is one raw (stored) zstd block, so it can be written where zlib has no zstd. */
function zstdBatch(baseOffset: number): Buffer {
  const plain = encodeRecordBatch({ baseOffset, records: records.slice(0, 3) });
  const data = plain.subarray(BATCH_HEADER_SIZE);
  assert.ok(data.length < 256, 'the one-byte frame content size holds the records');
  const blockHeader = 1 | (data.length << 3);
  const frame = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, data.length, blockHeader & 0xff, (blockHeader >> 8) & 0xff, blockHeader >> 16]), data]);
  const out = Buffer.concat([plain.subarray(0, BATCH_HEADER_SIZE), frame]);
  out.writeInt32BE(out.length - BATCH_LOG_OVERHEAD, Off.batchLength);
  out.writeInt16BE(CompressionType.Zstd, Off.attributes);
  out.writeUInt32BE(computeBatchCrc(out), Off.crc);
  return out;
}

test('a zstd batch, which magic 0/1 cannot carry, goes out as plain messages with every record, as from Kafka', () => {
  const set = batchesToMessageSet(zstdBatch(50), 1, { fetchOffset: 53, ...all });
  const back = decodeMessageSet(set);
  assert.deepEqual(back.map((m) => [m.offset, m.compression, m.key, m.value]), records.slice(0, 3).map((r, i) => [50 + (r.offsetDelta ?? i), CompressionType.None, r.key, r.value]));
});

test('control batches are left out', () => {
  const marker = encodeRecordBatch({ baseOffset: 4, isControlBatch: true, isTransactional: true, producerId: 7, records: [{ key: Buffer.from([0, 0, 0, 0]), value: Buffer.from([0, 0, 0, 0, 0, 0]), timestamp: T }] });
  assert.deepEqual(batchesToMessageSet(Buffer.concat([marker, batch(5)]), 1, { fetchOffset: 0, ...all }), expected(1, 5));
});

/** A message set cut into its messages. */
function split(set: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < set.length; at += 12 + set.readInt32BE(at + 8)) out.push(set.subarray(at, at + 12 + set.readInt32BE(at + 8)));
  return out;
}

test('the byte limit keeps whole messages; a first message over it goes alone only when allowed', () => {
  const messages = split(expected(1, 0));
  const three = Buffer.concat(messages.slice(0, 3));
  assert.deepEqual(batchesToMessageSet(batch(0), 1, { fetchOffset: 0, maxBytes: three.length + messages[3]!.length - 1, allowOversizedFirst: false }), three);
  assert.deepEqual(batchesToMessageSet(batch(0), 1, { fetchOffset: 0, maxBytes: 10, allowOversizedFirst: true }), messages[0]);
  assert.equal(batchesToMessageSet(batch(0), 1, { fetchOffset: 0, maxBytes: 10, allowOversizedFirst: false }).length, 0);
});

test('a damaged batch fails with CorruptBatchError when read, and a batch past the byte limit is not read', () => {
  const good = batch(0);
  const damaged = batch(10);
  damaged[damaged.length - 5]! ^= 1;
  const first = expected(1, 0).length;
  assert.throws(() => batchesToMessageSet(Buffer.concat([good, damaged]), 1, { fetchOffset: 0, ...all }), (e: unknown) => e instanceof CorruptBatchError && e.kind === 'bad-crc');
  assert.deepEqual(batchesToMessageSet(Buffer.concat([good, damaged]), 1, { fetchOffset: 0, maxBytes: first, allowOversizedFirst: false }), expected(1, 0));
  // A record whose declared length lies, under a CRC that matches.
  const lying = batch(20);
  lying[BATCH_HEADER_SIZE] = 0x7e;
  lying.writeUInt32BE(computeBatchCrc(lying), Off.crc);
  assert.throws(() => batchesToMessageSet(lying, 0, { fetchOffset: 0, ...all }), (e: unknown) => e instanceof CorruptBatchError && e.kind === 'bad-records');
});
