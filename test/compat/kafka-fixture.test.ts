// needs: peers/java, peers/m2
// alone: it starts a three-node Kafka cluster (three JVMs), which needs the machine to itself
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { eventsOf, javaPeer, describeRun } from '../helpers/java-peers.js';
import { startKafka, startKafkaCluster } from '../helpers/kafka.js';

// The Kafka 4.4 fixtures themselves: one node and a three-node KRaft cluster start from
// the Maven jars, serve real clients, and stop leaving no process and no folder behind.

test('a one-node Kafka 4.4 starts, takes a topic and records, and stops without leftovers', { timeout: 240_000 }, async () => {
  const kafka = await startKafka();
  try {
    const admin = await javaPeer('admin', kafka.bootstrap, ['--op', 'cluster']);
    assert.equal(admin.code, 0, describeRun(admin));
    assert.deepEqual(eventsOf(admin, 'cluster')[0]!.nodes, [1]);
    const produced = await javaPeer('producer', kafka.bootstrap, ['--topic', 'fixture', '--count', '50', '--keys', 'true']);
    assert.equal(produced.code, 0, describeRun(produced));
    assert.deepEqual(eventsOf(produced, 'sent').map((e) => e.offset), Array.from({ length: 50 }, (_, i) => i));
  } finally {
    await kafka.stop();
  }
  for (const n of kafka.nodes) assert.notEqual(n.proc()!.exitCode ?? n.proc()!.signalCode, null, `node ${n.nodeId} still runs`);
  assert.equal(existsSync(kafka.dir), false, 'the data folder is removed');
});

test('a three-node Kafka 4.4 cluster keeps a replication-factor-3 topic and serves it back', { timeout: 300_000 }, async () => {
  const kafka = await startKafkaCluster(3);
  const client = new Kafka({ clientId: 'fixture', brokers: kafka.bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = client.admin();
  const producer = client.producer();
  try {
    await admin.connect();
    assert.equal(await admin.createTopics({ topics: [{ topic: 'rf3', numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true }), true);
    const described = await javaPeer('admin', kafka.bootstrap, ['--op', 'describe', '--topic', 'rf3']);
    assert.equal(described.code, 0, describeRun(described));
    const partitions = eventsOf(described, 'topic')[0]!.partitions as { replicas: number[]; isr: number[] }[];
    assert.equal(partitions.length, 3);
    for (const p of partitions) {
      assert.deepEqual([...p.replicas].sort(), [1, 2, 3]);
      assert.deepEqual([...p.isr].sort(), [1, 2, 3]);
    }

    await producer.connect();
    const values = Array.from({ length: 300 }, (_, i) => `rf3-${i}`);
    await producer.send({ topic: 'rf3', acks: -1, messages: values.map((value, i) => ({ key: `k${i % 10}`, value })) });
    const consumed = await javaPeer('consumer', kafka.bootstrap, ['--topic', 'rf3', '--count', '300', '--mode', 'subscribe', '--group', 'rf3-readers', '--commit', 'sync']);
    assert.equal(consumed.code, 0, describeRun(consumed));
    assert.deepEqual(eventsOf(consumed, 'record').map((e) => e.value).sort(), [...values].sort());
    const committed = eventsOf(consumed, 'committed').reduce((sum, e) => sum + Number(e.offset), 0);
    assert.equal(committed, 300, 'the committed offsets add up to every record');
  } finally {
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
    await kafka.stop();
  }
  for (const n of kafka.nodes) assert.notEqual(n.proc()!.exitCode ?? n.proc()!.signalCode, null, `node ${n.nodeId} still runs`);
  assert.equal(existsSync(kafka.dir), false, 'the data folder is removed');
});
