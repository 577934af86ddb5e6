import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { inProcessBroker, tempDir } from '../../helpers/broker.js';
import { RawClient } from '../../helpers/raw-client.js';
import { createTopic } from '../groups/raw-group.js';
import { produceRaw } from '../producers/raw-produce.js';
import { addPartitions, endTxn, initTxn, latestOffset, txnBatch, txnProduce } from './raw-txn.js';

const READ_UNCOMMITTED = 0;
const READ_COMMITTED = 1;

test('a transaction: produce needs the partition added, the LSO waits for the end, a second init fences the first', async () => {
  const broker = await inProcessBroker();
  const c = await RawClient.connect(broker.port);
  try {
    await createTopic(broker.port, 'tx', 1);
    const p = await initTxn(c, 'tx-1');
    assert.equal(p.errorCode, ErrorCode.NONE);
    assert.notEqual((await txnProduce(c, p, 'tx', 0, txnBatch(p, 0, ['early']))).errorCode, ErrorCode.NONE, 'a partition not added is refused');
    assert.deepEqual(await addPartitions(c, p, 'tx', [0]), [ErrorCode.NONE]);
    assert.equal((await produceRaw(c, 'tx', 0, txnBatch(p, 0, ['a', 'b']))).errorCode, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, 'a transactional batch needs the transactional id in the Produce, as in Kafka');
    assert.equal(await latestOffset(c, 'tx', 0, READ_UNCOMMITTED), 0, 'and nothing of it is stored');
    assert.equal((await txnProduce(c, p, 'tx', 0, txnBatch(p, 0, ['a', 'b']))).errorCode, ErrorCode.NONE);
    assert.equal(await latestOffset(c, 'tx', 0, READ_UNCOMMITTED), 2);
    assert.equal(await latestOffset(c, 'tx', 0, READ_COMMITTED), 0, 'the open transaction holds the LSO at its first offset');
    assert.equal(await endTxn(c, p, true), ErrorCode.NONE);
    assert.equal(await latestOffset(c, 'tx', 0, READ_COMMITTED), 3, 'after the commit marker');

    const zombie = p;
    const next = await initTxn(c, 'tx-1');
    assert.equal(next.producerId, zombie.producerId, 'the transactional id keeps its producer id');
    assert.equal(next.producerEpoch, zombie.producerEpoch + 1);
    assert.notEqual(await endTxn(c, zombie, true), ErrorCode.NONE, 'the older epoch is fenced');
  } finally {
    c.close();
    await broker.stop();
  }
});

test('after a restart an open transaction is aborted and the LSO moves past it', async () => {
  const dataDir = tempDir();
  try {
    let broker = await inProcessBroker({ dataDir });
    let c = await RawClient.connect(broker.port);
    try {
      await createTopic(broker.port, 'tx-r', 1);
      const p = await initTxn(c, 'tx-r', 1000);
      assert.deepEqual(await addPartitions(c, p, 'tx-r', [0]), [ErrorCode.NONE]);
      assert.equal((await txnProduce(c, p, 'tx-r', 0, txnBatch(p, 0, ['open']))).errorCode, ErrorCode.NONE);
    } finally {
      c.close();
      await broker.stop();
    }
    broker = await inProcessBroker({ dataDir });
    c = await RawClient.connect(broker.port);
    try {
      const deadline = Date.now() + 15_000;
      while ((await latestOffset(c, 'tx-r', 0, READ_COMMITTED)) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.equal(await latestOffset(c, 'tx-r', 0, READ_COMMITTED), 2, 'the abort marker follows the open record');
    } finally {
      c.close();
      await broker.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
