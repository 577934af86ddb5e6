import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MemoryChannel, memoryChannelOptions } from '../../../src/agent/channels/memory-channel.js';
import { EventDeliveryError } from '../../../src/agent/errors.js';
import { eventOf, newHeaders } from '../../../src/agent/event.js';
import { KafkaSink } from '../../../src/agent/sinks/kafka-sink.js';
import { fetchAll } from '../../helpers/fetch-all.js';
import { freePort, inProcessBroker } from '../../helpers/broker.js';
import { captureLogger, contextOf } from '../helpers.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(async () => {
  await broker.stop();
});

async function sinkWith(props: Record<string, string>, logger = captureLogger().logger) {
  const channel = new MemoryChannel('c1', memoryChannelOptions(contextOf({ capacity: '10000', transactionCapacity: '1000' }, 'a1.channels.c1.')));
  await channel.start();
  const sink = new KafkaSink('k1', contextOf(props, 'a1.sinks.k1.'), channel, logger);
  await sink.start();
  return { channel, sink };
}

const withHeaders = (body: string, h: Record<string, string>) => eventOf(body, Object.assign(newHeaders(), h));

test('a batch goes to kafka.topic, bodies byte for byte, and is committed only after the ack', async () => {
  const { channel, sink } = await sinkWith({ 'kafka.bootstrap.servers': broker.bootstrap, 'kafka.topic': 'agent-sink-1', flumeBatchSize: '100' });
  const lines = Array.from({ length: 250 }, (_, i) => `line ${i} \u4e2d\u6587`);
  await channel.put(lines.slice(0, 125).map((l) => eventOf(l)));
  await channel.put(lines.slice(125).map((l) => eventOf(l)));
  assert.equal(await sink.process(), 'READY');
  assert.equal(channel.size(), 150, 'one flumeBatchSize (100) per transaction');
  while ((await sink.process()) === 'READY');
  assert.equal(channel.size(), 0);
  const { records } = await fetchAll(broker.port, 'agent-sink-1');
  assert.deepEqual(records.map((r) => Buffer.from(r.value!).toString()), lines);
  await sink.stop();
});

test('the key header becomes the record key; the topic header overrides the topic', async () => {
  const { channel, sink } = await sinkWith({ 'kafka.bootstrap.servers': broker.bootstrap, 'kafka.topic': 'agent-sink-2' });
  await channel.put([withHeaders('a', { key: 'user-7' }), withHeaders('b', { topic: 'agent-sink-2-other' }), eventOf('c')]);
  await sink.process();
  const main = (await fetchAll(broker.port, 'agent-sink-2')).records;
  assert.deepEqual(main.map((r) => [r.key ? Buffer.from(r.key).toString() : null, Buffer.from(r.value!).toString()]), [
    ['user-7', 'a'],
    [null, 'c'],
  ]);
  const other = (await fetchAll(broker.port, 'agent-sink-2-other')).records;
  assert.deepEqual(other.map((r) => Buffer.from(r.value!).toString()), ['b']);
  await sink.stop();
});

test('allowTopicOverride=false ignores the topic header; %{header} in kafka.topic is substituted', async () => {
  const { channel, sink } = await sinkWith({ 'kafka.bootstrap.servers': broker.bootstrap, 'kafka.topic': 'agent-sink-3-%{app}', allowTopicOverride: 'false' });
  await channel.put([withHeaders('x', { app: 'web', topic: 'elsewhere' })]);
  await sink.process();
  assert.deepEqual((await fetchAll(broker.port, 'agent-sink-3-web')).records.map((r) => Buffer.from(r.value!).toString()), ['x']);
  await sink.stop();
});

test('the pre-1.7 names brokerList, topic, batchSize and requiredAcks work, each with a warning', async () => {
  const log = captureLogger('warn');
  const { channel, sink } = await sinkWith({ brokerList: broker.bootstrap, topic: 'agent-sink-4', batchSize: '2', requiredAcks: '-1' }, log.logger);
  assert.equal(sink.batch.size, 2);
  await channel.put([eventOf('1'), eventOf('2'), eventOf('3')]);
  await sink.process();
  assert.equal(channel.size(), 1);
  assert.equal((await fetchAll(broker.port, 'agent-sink-4')).records.length, 2);
  const warned = log.records().map((r) => r.msg as string);
  for (const [old, now] of [['brokerList', 'kafka.bootstrap.servers'], ['topic', 'kafka.topic'], ['batchSize', 'flumeBatchSize'], ['requiredAcks', 'kafka.producer.acks']]) {
    assert.ok(warned.some((m) => m.includes(`a1.sinks.k1.${old} is a deprecated KafkaSink property; use a1.sinks.k1.${now}`)), warned.join('\n'));
  }
  await sink.stop();
});

test('when Kafka is unreachable the batch is rolled back into the channel, nothing lost', async () => {
  const port = await freePort();
  const { channel, sink } = await sinkWith({ 'kafka.bootstrap.servers': `127.0.0.1:${port}`, 'kafka.topic': 'nowhere', 'kafka.producer.retries': '0', 'kafka.producer.request.timeout.ms': '1000' });
  await channel.put([eventOf('kept-1'), eventOf('kept-2')]);
  await assert.rejects(sink.process(), EventDeliveryError);
  assert.equal(channel.size(), 2);
  const tx = await channel.take(10);
  assert.deepEqual(tx.events.map((e) => e.body.toString()), ['kept-1', 'kept-2']);
  await tx.rollback();
  await sink.stop();
});

test('kafka.producer.acks must be 0, 1, -1 or all', async () => {
  await assert.rejects(sinkWith({ 'kafka.bootstrap.servers': broker.bootstrap, 'kafka.producer.acks': 'two' }), /a1.sinks.k1.kafka.producer.acks: "two" is not one of 0, 1, -1, all/);
});
