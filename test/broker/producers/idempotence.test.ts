import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { InitProducerId } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { encodeRecordBatch } from '../../../src/protocol/records/record-batch.js';
import { inProcessBroker, tempDir } from '../../helpers/broker.js';
import { fetchAll } from '../../helpers/fetch-all.js';
import { RawClient } from '../../helpers/raw-client.js';
import { createTopic } from '../groups/raw-group.js';
import { produceRaw } from './raw-produce.js';

function batch(producerId: number, producerEpoch: number, baseSequence: number, values: string[]): Buffer {
  return encodeRecordBatch({
    producerId,
    producerEpoch,
    baseSequence,
    records: values.map((v) => ({ key: null, value: Buffer.from(v), timestamp: Date.now() })),
  });
}

async function initProducerId(c: RawClient): Promise<{ producerId: number; producerEpoch: number }> {
  const r = await c.request(InitProducerId, 4, { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 });
  assert.equal(r.errorCode, ErrorCode.NONE);
  return r;
}

test('a replayed idempotent batch is stored once, also across a restart; gaps and fenced epochs are refused', async () => {
  const dataDir = tempDir();
  try {
    let pid = -1;
    let broker = await inProcessBroker({ dataDir });
    let c = await RawClient.connect(broker.port);
    try {
      await createTopic(broker.port, 'idem', 1);
      const ids = await initProducerId(c);
      pid = ids.producerId;
      assert.equal(ids.producerEpoch, 0);
      assert.notEqual((await initProducerId(c)).producerId, pid, 'every InitProducerId without a transactional id is a new producer');

      const first = batch(pid, 0, 0, ['a', 'b', 'c']);
      assert.deepEqual(await produceRaw(c, 'idem', 0, first), { index: 0, errorCode: 0, baseOffset: 0, logAppendTimeMs: -1, logStartOffset: 0, recordErrors: [], errorMessage: null });
      const second = batch(pid, 0, 3, ['d']);
      assert.equal((await produceRaw(c, 'idem', 0, second)).baseOffset, 3);
      const retry = await produceRaw(c, 'idem', 0, first);
      assert.equal(retry.errorCode, ErrorCode.NONE, 'a retry is acknowledged');
      assert.equal(retry.baseOffset, 0, 'with the offset the batch got the first time');
      assert.equal((await produceRaw(c, 'idem', 0, second)).baseOffset, 3);

      const gap = await produceRaw(c, 'idem', 0, batch(pid, 0, 10, ['lost-in-between']));
      assert.equal(gap.errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
      assert.match(gap.errorMessage!, /expects 4/);
      const newEpochMidSequence = await produceRaw(c, 'idem', 0, batch(pid, 1, 4, ['x']));
      assert.equal(newEpochMidSequence.errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, 'a new epoch starts at sequence 0');
      assert.equal((await produceRaw(c, 'idem', 0, batch(pid, 1, 0, ['e']))).errorCode, ErrorCode.NONE);
      assert.equal((await produceRaw(c, 'idem', 0, batch(pid, 0, 4, ['zombie']))).errorCode, ErrorCode.INVALID_PRODUCER_EPOCH);
      const plain = encodeRecordBatch({ records: [{ key: null, value: Buffer.from('f'), timestamp: Date.now() }] });
      assert.equal((await produceRaw(c, 'idem', 0, plain)).errorCode, ErrorCode.NONE, 'non-idempotent batches are not checked');
    } finally {
      c.close();
      await broker.close();
    }

    broker = await inProcessBroker({ dataDir });
    c = await RawClient.connect(broker.port);
    try {
      const retry = await produceRaw(c, 'idem', 0, batch(pid, 1, 0, ['e']));
      assert.equal(retry.errorCode, ErrorCode.NONE);
      assert.equal(retry.baseOffset, 4, 'the duplicate is recognised from the batch headers on disk');
      assert.equal((await produceRaw(c, 'idem', 0, batch(pid, 1, 2, ['gap']))).errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
      assert.equal((await produceRaw(c, 'idem', 0, batch(pid, 1, 1, ['g']))).baseOffset, 6);
      const { records } = await fetchAll(broker.port, 'idem');
      assert.deepEqual(
        records.map((r) => r.value!.toString()),
        ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      );
      const fresh = await initProducerId(c);
      assert.ok(fresh.producerId > pid + 1, `producer ids are not reused after a restart (got ${fresh.producerId} after ${pid + 1})`);
    } finally {
      c.close();
      await broker.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
