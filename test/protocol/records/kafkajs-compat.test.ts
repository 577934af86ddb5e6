import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { CompressionType } from '../../../src/protocol/records/compression/index.js';
import { decodeRecordBatch, encodeRecordBatch } from '../../../src/protocol/records/record-batch.js';

/**
 * kafkajs (a dev dependency) has its own v2 batch encoder; equal bytes from two
 * independent implementations is the check that ours speaks the wire format,
 * not just agrees with itself.
 */
const require = createRequire(import.meta.url);
type Encoded = { buffer: Buffer };
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
  RecordBatch: (batch: object) => Promise<Encoded>;
};
const KafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (record: object) => Encoded;

const T = 1_700_000_000_000;
const records = [
  { key: Buffer.from('user-1'), value: Buffer.from('{"page":"/"}'), headers: [{ key: 'trace', value: Buffer.from('abc') }], timestamp: T },
  { key: null, value: Buffer.from('ünï 键 🚀'), headers: [], timestamp: T + 250 },
  { key: Buffer.from('k'), value: Buffer.alloc(3000, 'q'), headers: [{ key: 'é', value: Buffer.alloc(0) }], timestamp: T - 40 },
];

async function kafkajsBatch(compression: CompressionType): Promise<Buffer> {
  const encoded = await RecordBatch({
    compression,
    firstOffset: 0,
    firstTimestamp: T,
    maxTimestamp: T + 250,
    partitionLeaderEpoch: 0,
    lastOffsetDelta: records.length - 1,
    producerId: -1,
    producerEpoch: 0,
    firstSequence: 0,
    records: records.map((r, i) =>
      KafkajsRecord({
        offsetDelta: i,
        timestampDelta: r.timestamp - T,
        key: r.key,
        value: r.value,
        headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value])),
      }),
    ),
  });
  return encoded.buffer;
}

for (const compression of [CompressionType.None, CompressionType.Gzip]) {
  test(`a ${CompressionType[compression]} batch encodes to the same bytes kafkajs writes, and decodes them`, async () => {
    const theirs = await kafkajsBatch(compression);
    const ours = encodeRecordBatch({ compression, partitionLeaderEpoch: 0, producerEpoch: 0, baseSequence: 0, records });
    assert.deepEqual(ours, theirs);
    assert.deepEqual(
      decodeRecordBatch(theirs).records.map((r) => [r.key, r.value, r.headers, r.timestamp]),
      records.map((r) => [r.key, r.value, r.headers, r.timestamp]),
    );
  });
}
