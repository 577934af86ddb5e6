// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { createTopic } from '../broker/groups/raw-group.js';
import { addPartitions, endTxn, initTxn, txnBatch, txnProduce, type TxnProducer } from '../broker/txn/raw-txn.js';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { describeRun, KAFKA_VERSION, runJava, type JavaRun } from '../helpers/java-peers.js';
import { RawClient } from '../helpers/raw-client.js';

// Apache Kafka 4.4's kafka-transactions.sh (org.apache.kafka.tools.TransactionsCommand, from
// the Maven jars) against the embedded broker, which holds one ongoing and one committed
// transaction written byte by byte: list (ListTransactions), describe (FindCoordinator +
// DescribeTransactions), describe-producers (DescribeProducers) and find-hanging (all three)
// must print them as Kafka would. The outcome goes under the report's 'transactions' column of the Kafka 4.4 tools.
const PEER: Peer = { client: 'Kafka 4.4 tools', version: KAFKA_VERSION };
const TOOL = 'org.apache.kafka.tools.TransactionsCommand';
const TOPIC = 'tools-txn';
const OPEN_TS = 1_700_000_000_000;
const DONE_TS = 1_700_000_000_500;
/** Kafka's default coordinator id column for a single node: its node id. */
const NODE_ID = '1';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let raw: RawClient;
let open: TxnProducer;
let done: TxnProducer;
const openStarted = [0, 0];

before(async () => {
  broker = await inProcessBroker();
  raw = await RawClient.connect(broker.port);
  await createTopic(broker.port, TOPIC, 2);
  open = await initTxn(raw, 'tools-open', 60_000);
  done = await initTxn(raw, 'tools-done', 30_000);
  openStarted[0] = Date.now();
  assert.deepEqual(await addPartitions(raw, open, TOPIC, [0, 1]), [ErrorCode.NONE, ErrorCode.NONE]);
  openStarted[1] = Date.now();
  assert.equal((await txnProduce(raw, open, TOPIC, 0, txnBatch(open, 0, ['a', 'b'], OPEN_TS))).errorCode, ErrorCode.NONE);
  assert.equal((await txnProduce(raw, open, TOPIC, 1, txnBatch(open, 0, ['c'], OPEN_TS))).errorCode, ErrorCode.NONE);
  assert.deepEqual(await addPartitions(raw, done, TOPIC, [0]), [ErrorCode.NONE]);
  assert.equal((await txnProduce(raw, done, TOPIC, 0, txnBatch(done, 0, ['x', 'y', 'z'], DONE_TS))).baseOffset, 2);
  assert.equal(await endTxn(raw, done, true), ErrorCode.NONE);
});

after(async () => {
  raw?.close();
  await broker?.stop();
});

async function transactions(args: string[]): Promise<JavaRun> {
  return runJava(TOOL, ['--bootstrap-server', broker.bootstrap, ...args], { timeoutMs: 120_000 });
}

/** The tool's tab-separated table: the header's cells, then each row's, trimmed. */
function table(r: JavaRun): { header: string[]; rows: string[][] } {
  assert.equal(r.code, 0, describeRun(r));
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => l.replace(/\t$/, '').split('\t').map((c) => c.trim()));
  assert.ok(lines.length > 0, `no table printed:\n${describeRun(r)}`);
  return { header: lines[0]!, rows: lines.slice(1) };
}

test('kafka-transactions list, describe, describe-producers and find-hanging show the ongoing and the committed transaction', { timeout: 300_000 }, async () => {
  await checkCapability(PEER, 'transactions', async () => {
    const listed = table(await transactions(['list']));
    assert.deepEqual(listed.header, ['TransactionalId', 'Coordinator', 'ProducerId', 'TransactionState']);
    assert.deepEqual(
      listed.rows.sort((a, b) => a[0]!.localeCompare(b[0]!)),
      [
        ['tools-done', NODE_ID, String(done.producerId), 'CompleteCommit'],
        ['tools-open', NODE_ID, String(open.producerId), 'Ongoing'],
      ],
    );

    const ongoing = table(await transactions(['describe', '--transactional-id', 'tools-open']));
    assert.deepEqual(ongoing.header, ['CoordinatorId', 'TransactionalId', 'ProducerId', 'ProducerEpoch', 'TransactionState', 'TransactionTimeoutMs', 'CurrentTransactionStartTimeMs', 'TransactionDurationMs', 'TopicPartitions']);
    assert.equal(ongoing.rows.length, 1, ongoing.rows.join('\n'));
    const [coordinator, id, producerId, epoch, state, timeout, startMs, durationMs, partitions] = ongoing.rows[0]!;
    assert.deepEqual([coordinator, id, producerId, epoch, state, timeout], [NODE_ID, 'tools-open', String(open.producerId), '0', 'Ongoing', '60000']);
    assert.ok(Number(startMs) >= openStarted[0]! && Number(startMs) <= openStarted[1]!, `start ${startMs} is when AddPartitionsToTxn ran`);
    assert.ok(Number(durationMs) >= 0 && Number(durationMs) < 120_000, `duration ${durationMs}`);
    assert.deepEqual(partitions!.split(',').sort(), [`${TOPIC}-0`, `${TOPIC}-1`]);

    const committed = table(await transactions(['describe', '--transactional-id', 'tools-done']));
    assert.equal(committed.rows.length, 1);
    const row = committed.rows[0]!;
    assert.deepEqual([row[1], row[2], row[3], row[4], row[5]], ['tools-done', String(done.producerId), '0', 'CompleteCommit', '30000']);
    assert.equal(row[8] ?? '', '', 'a committed transaction holds no partitions');

    const unknown = await transactions(['describe', '--transactional-id', 'tools-unknown']);
    assert.notEqual(unknown.code, 0, 'an id the coordinator does not know fails');
    assert.match(unknown.stderr + unknown.stdout, /transactionalId `tools-unknown` failed because the ID could not be found/, describeRun(unknown));

    const producers = table(await transactions(['describe-producers', '--topic', TOPIC, '--partition', '0']));
    assert.deepEqual(producers.header, ['ProducerId', 'ProducerEpoch', 'LatestCoordinatorEpoch', 'LastSequence', 'LastTimestamp', 'CurrentTransactionStartOffset']);
    const byId = new Map(producers.rows.map((r) => [r[0], r.slice(1)]));
    assert.equal(byId.size, 2, producers.rows.join('\n'));
    // The open transaction started at offset 0 and has no marker yet (coordinator epoch -1).
    assert.deepEqual(byId.get(String(open.producerId)), ['0', '-1', '1', String(OPEN_TS), '0']);
    // The committed one: its last sequence stays 2, its marker (coordinator epoch 0) is its last write, nothing open.
    const [doneEpoch, doneCoordinatorEpoch, doneSequence, doneTimestamp, doneStart] = byId.get(String(done.producerId)) ?? [];
    assert.deepEqual([doneEpoch, doneCoordinatorEpoch, doneSequence, doneStart], ['0', '0', '2', 'None']);
    assert.ok(Number(doneTimestamp) > DONE_TS, `the marker's timestamp ${doneTimestamp} is when the commit ran`);

    // find-hanging takes every open transaction in the partitions' producer state (older than 0 minutes:
    // all of them) and asks the coordinator about each; one it knows as Ongoing on that partition is not hanging.
    const hanging = table(await transactions(['find-hanging', '--broker-id', NODE_ID, '--max-transaction-timeout', '0']));
    assert.deepEqual(hanging.header, ['Topic', 'Partition', 'ProducerId', 'ProducerEpoch', 'CoordinatorEpoch', 'StartOffset', 'LastTimestamp', 'Duration(min)']);
    assert.deepEqual(hanging.rows, [], 'the open transaction is known to its coordinator, so nothing hangs');
  });
});
