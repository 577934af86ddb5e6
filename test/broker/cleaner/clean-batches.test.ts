import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanBatches } from '../../../src/broker/cleaner/clean-batches.js';
import { OffsetMap } from '../../../src/broker/cleaner/offset-map.js';
import { CompressionType } from '../../../src/protocol/records/compression/index.js';
import { decodeRecordBatches, encodeRecordBatch, type RecordBatchInput } from '../../../src/protocol/records/record-batch.js';

type Entry = [key: string, value: string | null];

/** A batch at `baseOffset` of `entries`, one offset each. */
function batch(baseOffset: number, entries: Entry[], extra: Partial<RecordBatchInput> = {}): Buffer {
  return encodeRecordBatch({
    baseOffset,
    records: entries.map(([k, v], i) => ({ key: Buffer.from(k), value: v === null ? null : Buffer.from(v), timestamp: 1_700_000_000_000 + baseOffset + i })),
    ...extra,
  });
}

function mapOf(log: Buffer): OffsetMap {
  const m = new OffsetMap();
  m.addBatches(log);
  return m;
}

function contents(log: Buffer): [number, string, string | null][] {
  return decodeRecordBatches(log).flatMap((b) => b.records.map((r): [number, string, string | null] => [r.offset, r.key!.toString(), r.value?.toString() ?? null]));
}

test('the latest record of each key is kept at its own offset; whole batches are copied byte for byte', () => {
  const untouched = batch(6, [['z', 'z1']]);
  const log = Buffer.concat([
    batch(0, [['a', 'a1'], ['b', 'b1'], ['a', 'a2']]),
    batch(3, [['c', 'c1'], ['b', 'b2']], { compression: CompressionType.Gzip }),
    batch(5, [['a', 'a3']]),
    untouched,
  ]);
  const r = cleanBatches(log, { offsets: mapOf(log), dropTombstones: true });
  assert.deepEqual(contents(r.batches), [
    [3, 'c', 'c1'],
    [4, 'b', 'b2'],
    [5, 'a', 'a3'],
    [6, 'z', 'z1'],
  ]);
  assert.deepEqual([r.recordsIn, r.recordsKept], [7, 4]);
  const batches = decodeRecordBatches(r.batches);
  assert.deepEqual(batches.map((b) => b.baseOffset), [3, 5, 6], 'the emptied first batch is gone, the others keep their base offsets');
  assert.equal(batches[0]!.compression, CompressionType.Gzip, 'a rewritten batch keeps its codec');
  assert.equal(batches[0]!.lastOffsetDelta, 1);
  assert.ok(r.batches.subarray(r.batches.length - untouched.length).equals(untouched));
  const offsets = contents(r.batches).map(([o]) => o);
  assert.deepEqual(offsets, [...offsets].sort((x, y) => x - y), 'offsets still increase');
});

test('gaps inside a batch: the kept records keep their offset deltas and the batch its last offset', () => {
  const log = Buffer.concat([batch(10, [['a', 'a1'], ['b', 'b1'], ['a', 'a2'], ['c', 'c1']]), batch(14, [['c', 'c2']])]);
  const r = cleanBatches(log, { offsets: mapOf(log), dropTombstones: false });
  const [first] = decodeRecordBatches(r.batches);
  assert.deepEqual(first!.records.map((x) => x.offset), [11, 12]);
  assert.equal(first!.baseOffset + first!.lastOffsetDelta, 13, 'the next offset after the batch is unchanged');
});

test('tombstones are kept until delete.retention.ms has passed, then dropped with what they deleted', () => {
  const log = Buffer.concat([batch(0, [['a', 'a1'], ['b', 'b1']]), batch(2, [['a', null]])]);
  const young = cleanBatches(log, { offsets: mapOf(log), dropTombstones: false });
  assert.deepEqual(contents(young.batches), [
    [1, 'b', 'b1'],
    [2, 'a', null],
  ]);
  const old = cleanBatches(young.batches, { offsets: mapOf(log), dropTombstones: true });
  assert.deepEqual(contents(old.batches), [[1, 'b', 'b1']]);
});

test('a key not written in the dirty part keeps its record: the map covers only what changed since the last clean', () => {
  const cleaned = batch(0, [['old', 'kept'], ['a', 'a1']]);
  const dirty = batch(2, [['a', 'a2']]);
  const r = cleanBatches(Buffer.concat([cleaned, dirty]), { offsets: mapOf(dirty), dropTombstones: true });
  assert.deepEqual(contents(r.batches), [
    [0, 'old', 'kept'],
    [2, 'a', 'a2'],
  ]);
});

test('control batches are kept whole; an idempotent producer keeps an empty batch; the aborted-transaction hook drops data', () => {
  const marker = encodeRecordBatch({ baseOffset: 3, isControlBatch: true, isTransactional: true, producerId: 9, producerEpoch: 0, records: [{ key: Buffer.from([0, 0, 0, 0]), value: Buffer.from([0, 0, 0, 0, 0, 0]), timestamp: 1 }] });
  const idem = batch(0, [['a', 'a1'], ['a', 'a2']], { producerId: 7, producerEpoch: 2, baseSequence: 40 });
  const tx = batch(4, [['t', 't1']], { producerId: 9, producerEpoch: 0, baseSequence: 0, isTransactional: true });
  const latest = batch(5, [['a', 'a3']]);
  const log = Buffer.concat([idem, batch(2, [['b', 'b1']]), marker, tx, latest]);
  const r = cleanBatches(log, { offsets: mapOf(log), dropTombstones: true, isAborted: (b) => b.isTransactional && b.producerId === 9 });
  const batches = decodeRecordBatches(r.batches);
  assert.deepEqual(batches.map((b) => [b.baseOffset, b.records.length]), [[0, 0], [2, 1], [3, 1], [4, 0], [5, 1]]);
  assert.deepEqual([batches[0]!.producerId, batches[0]!.producerEpoch, batches[0]!.baseSequence, batches[0]!.lastOffsetDelta], [7, 2, 40, 1]);
  assert.ok(r.batches.includes(marker), 'the marker is copied unchanged');
});

test("an aborted transaction's records neither survive nor supersede the committed value of their key", () => {
  const aborted = batch(2, [['a', 'a-aborted']], { isTransactional: true, producerId: 7, producerEpoch: 0, baseSequence: 0 });
  const log = Buffer.concat([batch(0, [['a', 'a1'], ['b', 'b1']]), aborted]);
  const isAborted = (b: { producerId: number; baseOffset: number }) => b.producerId === 7 && b.baseOffset === 2;
  const offsets = new OffsetMap();
  offsets.addBatches(log, isAborted);
  assert.equal(offsets.latestOffset(Buffer.from('a')), 0, 'the aborted write is not the latest value of a');
  const r = cleanBatches(log, { offsets, dropTombstones: true, isAborted });
  assert.deepEqual(contents(r.batches), [
    [0, 'a', 'a1'],
    [1, 'b', 'b1'],
  ]);
  const kept = decodeRecordBatches(r.batches);
  assert.deepEqual(
    kept.map((b) => [b.baseOffset, b.producerId, b.records.length]),
    [
      [0, -1, 2],
      [2, 7, 0],
    ],
    "the producer's batch stays, empty, for its sequence numbers",
  );
});
