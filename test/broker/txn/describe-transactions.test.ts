import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { DescribeProducers, DescribeTransactions, ListTransactions } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { inProcessBroker, tempDir } from '../../helpers/broker.js';
import { RawClient } from '../../helpers/raw-client.js';
import { createTopic } from '../groups/raw-group.js';
import { addPartitions, endTxn, initTxn, txnBatch, txnProduce, type TxnProducer } from './raw-txn.js';

// One broker with two transactions on topic 'dt' (2 partitions): 'dt-open' is ongoing
// on both partitions, 'dt-done' wrote to partition 0 after it and committed.
const TOPIC = 'dt';
const OPEN_TS = 1_700_000_000_000;
const DONE_TS = 1_700_000_000_500;

const dataDir = tempDir();
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let c: RawClient;
let open: TxnProducer;
let done: TxnProducer;
/** When each transaction started, bounded by the clock around its AddPartitionsToTxn. */
const started = { open: [0, 0], done: [0, 0] };
/** When the commit marker was written, bounded by the clock around EndTxn. */
let committedAt = [0, 0];

const within = (v: number, [lo, hi]: number[], what: string) => assert.ok(v >= lo! && v <= hi!, `${what} ${v} not within [${lo}, ${hi}]`);

before(async () => {
  broker = await inProcessBroker({ dataDir });
  c = await RawClient.connect(broker.port);
  await createTopic(broker.port, TOPIC, 2);
  open = await initTxn(c, 'dt-open', 60_000);
  done = await initTxn(c, 'dt-done', 30_000);
  started.open[0] = Date.now();
  assert.deepEqual(await addPartitions(c, open, TOPIC, [0, 1]), [ErrorCode.NONE, ErrorCode.NONE]);
  started.open[1] = Date.now();
  assert.equal((await txnProduce(c, open, TOPIC, 0, txnBatch(open, 0, ['a', 'b'], OPEN_TS))).baseOffset, 0);
  assert.equal((await txnProduce(c, open, TOPIC, 1, txnBatch(open, 0, ['c'], OPEN_TS))).baseOffset, 0);
  started.done[0] = Date.now();
  assert.deepEqual(await addPartitions(c, done, TOPIC, [0]), [ErrorCode.NONE]);
  started.done[1] = Date.now();
  assert.equal((await txnProduce(c, done, TOPIC, 0, txnBatch(done, 0, ['x', 'y', 'z'], DONE_TS))).baseOffset, 2);
  const beforeCommit = Date.now();
  assert.equal(await endTxn(c, done, true), ErrorCode.NONE);
  committedAt = [beforeCommit, Date.now()];
});

after(async () => {
  c?.close();
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('DescribeTransactions: an ongoing transaction with its partitions, a committed one with none, unknown and empty ids refused', async () => {
  const r = await c.request(DescribeTransactions, 0, { transactionalIds: ['dt-open', 'dt-done', 'dt-unknown', ''] });
  const [o, d, unknown, empty] = r.transactionStates;
  within(Number(o!.transactionStartTimeMs), started.open, 'dt-open start');
  within(Number(d!.transactionStartTimeMs), started.done, 'dt-done start');
  assert.deepEqual(
    r.transactionStates.map((s) => ({ ...s, transactionStartTimeMs: 0 })),
    [
      { errorCode: 0, transactionalId: 'dt-open', transactionState: 'Ongoing', transactionTimeoutMs: 60_000, transactionStartTimeMs: 0, producerId: open.producerId, producerEpoch: 0, topics: [{ topic: TOPIC, partitions: [0, 1] }] },
      { errorCode: 0, transactionalId: 'dt-done', transactionState: 'CompleteCommit', transactionTimeoutMs: 30_000, transactionStartTimeMs: 0, producerId: done.producerId, producerEpoch: 0, topics: [] },
      { errorCode: ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, transactionalId: 'dt-unknown', transactionState: '', transactionTimeoutMs: 0, transactionStartTimeMs: 0, producerId: 0, producerEpoch: 0, topics: [] },
      { errorCode: ErrorCode.INVALID_REQUEST, transactionalId: '', transactionState: '', transactionTimeoutMs: 0, transactionStartTimeMs: 0, producerId: 0, producerEpoch: 0, topics: [] },
    ],
  );
  assert.equal(unknown!.transactionStartTimeMs, 0);
  assert.equal(empty!.transactionStartTimeMs, 0);
});

test('ListTransactions: every id, then by state (naming unknown states), producer id, duration and whole-id pattern', async () => {
  const list = async (filters: { stateFilters?: string[]; producerIdFilters?: number[]; durationFilter?: number; transactionalIdPattern?: string | null }, version = 2) => {
    const r = await c.request(ListTransactions, version, { stateFilters: [], producerIdFilters: [], durationFilter: -1, transactionalIdPattern: null, ...filters });
    return { errorCode: r.errorCode, unknownStateFilters: r.unknownStateFilters, ids: r.transactionStates.map((s) => `${s.transactionalId} ${s.producerId} ${s.transactionState}`).sort() };
  };
  const both = [`dt-done ${done.producerId} CompleteCommit`, `dt-open ${open.producerId} Ongoing`];
  assert.deepEqual(await list({}, 0), { errorCode: 0, unknownStateFilters: [], ids: both });
  assert.deepEqual(await list({}), { errorCode: 0, unknownStateFilters: [], ids: both });
  assert.deepEqual(await list({ stateFilters: ['Ongoing', 'Hanging'] }), { errorCode: 0, unknownStateFilters: ['Hanging'], ids: [both[1]] });
  assert.deepEqual(await list({ stateFilters: ['PrepareCommit'] }), { errorCode: 0, unknownStateFilters: [], ids: [] });
  assert.deepEqual(await list({ producerIdFilters: [done.producerId] }), { errorCode: 0, unknownStateFilters: [], ids: [both[0]] });
  assert.deepEqual(await list({ durationFilter: 3_600_000 }, 1), { errorCode: 0, unknownStateFilters: [], ids: [] }, 'neither has run for an hour');
  assert.deepEqual(await list({ transactionalIdPattern: 'dt-o.*' }), { errorCode: 0, unknownStateFilters: [], ids: [both[1]] });
  assert.deepEqual(await list({ transactionalIdPattern: 'dt' }), { errorCode: 0, unknownStateFilters: [], ids: [] }, 'the pattern must match the whole id');
  assert.deepEqual(await list({ transactionalIdPattern: '' }), { errorCode: 0, unknownStateFilters: [], ids: both }, 'an empty pattern filters nothing');
  assert.deepEqual(await list({ transactionalIdPattern: 'dt-(' }), { errorCode: ErrorCode.INVALID_REGULAR_EXPRESSION, unknownStateFilters: [], ids: [] });
});

async function describeProducers() {
  const r = await c.request(DescribeProducers, 0, { topics: [{ name: TOPIC, partitionIndexes: [0, 1, 7] }, { name: 'dt-missing', partitionIndexes: [0] }] });
  return r.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ ...p, errorMessage: p.errorMessage === null ? null : 'message' })) }));
}

/** What DescribeProducers must answer; the commit marker's timestamp is checked apart and set to 0. */
function expectedProducers() {
  // As Kafka 4.4: a message for an unknown topic, none for a partition past a known topic's count.
  const unknown = (partitionIndex: number, errorMessage: string | null) => ({ partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage, activeProducers: [] });
  return [
    {
      name: TOPIC,
      partitions: [
        {
          partitionIndex: 0,
          errorCode: 0,
          errorMessage: null,
          activeProducers: [
            // Still open from offset 0; no marker yet, so no coordinator epoch.
            { producerId: open.producerId, producerEpoch: 0, lastSequence: 1, lastTimestamp: OPEN_TS, coordinatorEpoch: -1, currentTxnStartOffset: 0 },
            // Committed: its last sequence stays, the marker gives the timestamp and coordinator epoch 0.
            { producerId: done.producerId, producerEpoch: 0, lastSequence: 2, lastTimestamp: 0, coordinatorEpoch: 0, currentTxnStartOffset: -1 },
          ],
        },
        { partitionIndex: 1, errorCode: 0, errorMessage: null, activeProducers: [{ producerId: open.producerId, producerEpoch: 0, lastSequence: 0, lastTimestamp: OPEN_TS, coordinatorEpoch: -1, currentTxnStartOffset: 0 }] },
        unknown(7, null),
      ],
    },
    { name: 'dt-missing', partitions: [unknown(0, 'message')] },
  ];
}

function checkProducers(got: Awaited<ReturnType<typeof describeProducers>>) {
  const marker = got[0]!.partitions[0]!.activeProducers.find((p) => p.producerId === done.producerId);
  within(Number(marker?.lastTimestamp), committedAt, 'the commit marker timestamp');
  if (marker) marker.lastTimestamp = 0;
  assert.deepEqual(got, expectedProducers());
}

test('DescribeProducers: each producer of a partition with its last sequence, timestamp, coordinator epoch and open transaction start', async () => {
  checkProducers(await describeProducers());
});

test('after a restart the same answers come back from the logs and the transaction-state log', async () => {
  c.close();
  await broker.stop();
  broker = await inProcessBroker({ dataDir });
  c = await RawClient.connect(broker.port);
  checkProducers(await describeProducers());
  const r = await c.request(DescribeTransactions, 0, { transactionalIds: ['dt-done', 'dt-open'] });
  assert.deepEqual(
    r.transactionStates.map((s) => [s.transactionalId, s.transactionState, s.producerId, s.topics]),
    [
      ['dt-done', 'CompleteCommit', done.producerId, []],
      ['dt-open', 'Ongoing', open.producerId, [{ topic: TOPIC, partitions: [0, 1] }]],
    ],
  );
  // The start times are the ones from before the restart, as Kafka reads them back from its log
  // (only the timeout of the open one counts again from the restart).
  within(Number(r.transactionStates[0]!.transactionStartTimeMs), started.done, 'dt-done start after the restart');
  within(Number(r.transactionStates[1]!.transactionStartTimeMs), started.open, 'dt-open start after the restart');
});
