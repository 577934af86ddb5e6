import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateTopics, Produce } from '../../../src/protocol/apis.js';
import { CompressionType } from '../../../src/protocol/records/compression/index.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { encodeRecordBatch } from '../../../src/protocol/records/record-batch.js';
import { inProcessBroker } from '../../helpers/broker.js';
import { fetchAll } from '../../helpers/fetch-all.js';
import { RawClient } from '../../helpers/raw-client.js';

async function createTopic(c: RawClient, name: string, policy: string): Promise<void> {
  const r = await c.request(CreateTopics, 4, {
    topics: [{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [{ name: 'cleanup.policy', value: policy }] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  assert.equal(r.topics[0].errorCode, ErrorCode.NONE);
}

function batch(keys: (string | null)[], compression = CompressionType.None): Buffer {
  return encodeRecordBatch({
    compression,
    records: keys.map((k, i) => ({ key: k === null ? null : Buffer.from(k), value: Buffer.from(`v${i}`), timestamp: Date.now() })),
  });
}

async function produce(c: RawClient, topic: string, records: Buffer) {
  const r = await c.request(Produce, 9, { transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });
  return r.responses[0].partitionResponses[0];
}

const refusal = (topic: string) => `Compacted topic cannot accept message without key in topic partition ${topic}-0`;

test('a compacted topic refuses records without a key with INVALID_RECORD per record, as Kafka 4.4 does, and stores none of the batch', async () => {
  const broker = await inProcessBroker();
  const c = await RawClient.connect(broker.port);
  try {
    for (const policy of ['compact', 'compact,delete', 'delete,compact']) {
      const topic = `keyless-${policy.replace(',', '-')}`;
      await createTopic(c, topic, policy);
      assert.equal((await produce(c, topic, batch(['a', 'b']))).errorCode, ErrorCode.NONE);

      const r = await produce(c, topic, batch(['c', null, 'd', null]));
      assert.equal(r.errorCode, ErrorCode.INVALID_RECORD, policy);
      assert.equal(r.baseOffset, -1);
      assert.equal(r.logStartOffset, 0, 'the log start offset is answered beside the error, as Kafka does');
      assert.deepEqual(r.recordErrors, [
        { batchIndex: 1, batchIndexErrorMessage: refusal(topic) },
        { batchIndex: 3, batchIndexErrorMessage: refusal(topic) },
      ]);
      assert.equal(
        r.errorMessage,
        'One or more records have been rejected due to 2 record errors in total, and only showing the first three errors at most: ' +
          `[RecordError(batchIndex=1, message='${refusal(topic)}'), RecordError(batchIndex=3, message='${refusal(topic)}')]`,
      );

      const gzipped = await produce(c, topic, batch([null, 'e'], CompressionType.Gzip));
      assert.equal(gzipped.errorCode, ErrorCode.INVALID_RECORD, 'compressed batches are looked into too');
      assert.deepEqual(gzipped.recordErrors.map((e) => e.batchIndex), [0]);

      assert.equal((await produce(c, topic, batch(['f']))).baseOffset, 2, 'refused batches take no offsets');
      const { records } = await fetchAll(broker.port, topic);
      assert.deepEqual(records.map((rec) => rec.key?.toString()), ['a', 'b', 'f']);
    }

    await createTopic(c, 'keyless-delete', 'delete');
    const plain = await produce(c, 'keyless-delete', batch([null, null]));
    assert.equal(plain.errorCode, ErrorCode.NONE, 'a topic that is not compacted takes records without a key');
  } finally {
    c.close();
    await broker.close();
  }
});
