import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { ApiVersions, Metadata, Produce } from '../../src/protocol/apis.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { encodeRecordBatch } from '../../src/protocol/records/record-batch.js';
import { Writer } from '../../src/protocol/writer.js';
import { inProcessBroker } from '../helpers/broker.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { RawClient } from '../helpers/raw-client.js';

// Every bad-input case runs while a well-behaved kafkajs producer keeps
// producing; at the end every message it was told was written must be there.
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let stop = false;
let acknowledged = 0;
let producing: Promise<void>;
let producer: ReturnType<Kafka['producer']>;

before(async () => {
  broker = await inProcessBroker();
  const kafka = new Kafka({ brokers: [broker.bootstrap], clientId: 'steady', logLevel: logLevel.NOTHING });
  producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  producing = (async () => {
    while (!stop) {
      await producer.send({ topic: 'steady', acks: -1, messages: [{ value: `m${acknowledged}` }] });
      acknowledged++;
    }
  })();
  while (acknowledged < 5) await new Promise((r) => setTimeout(r, 5));
});

after(async () => {
  await producer?.disconnect();
  await broker?.stop();
});

function frame(payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32BE(payload.length);
  return Buffer.concat([head, payload]);
}

function header(apiKey: number, apiVersion: number): Buffer {
  return new Writer().int16(apiKey).int16(apiVersion).int32(1).nullableString('bad').toBuffer();
}

async function expectClosed(bytes: Buffer, end = false): Promise<void> {
  const c = await RawClient.connect(broker.port);
  c.write(bytes);
  if (end) c.socket.end();
  await c.closed;
}

test('garbage bytes close the connection', () => expectClosed(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')));

test('a negative length prefix closes the connection', () => expectClosed(Buffer.from([0xff, 0xff, 0xff, 0xfb, 1, 2, 3])));

test('an oversized length prefix closes the connection', () => {
  const b = Buffer.alloc(8);
  b.writeInt32BE(200 * 1024 * 1024);
  return expectClosed(b);
});

test('a frame cut in the middle is dropped when the client goes away', () => {
  const whole = frame(Buffer.concat([header(18, 0)]));
  return expectClosed(whole.subarray(0, whole.length - 3), true);
});

test('an unknown API key closes the connection', () => expectClosed(frame(header(999, 0))));

test('an unsupported Produce version closes the connection', () => expectClosed(frame(header(0, 99))));

test('an unsupported ApiVersions version is answered with UNSUPPORTED_VERSION in v0 format', async () => {
  const c = await RawClient.connect(broker.port);
  const res = await c.request(ApiVersions, 3, { clientSoftwareName: 'raw', clientSoftwareVersion: '1' });
  assert.equal(res.errorCode, ErrorCode.NONE);
  assert.deepEqual(res.apiKeys.find((k: { apiKey: number }) => k.apiKey === 0), { apiKey: 0, minVersion: 0, maxVersion: 9 });
  c.close();
  const c2 = await RawClient.connect(broker.port);
  const reply = new Promise<Buffer>((resolve) => c2.socket.once('data', resolve));
  c2.write(frame(Buffer.concat([header(18, 77), Buffer.from([0])])));
  const bytes = await reply;
  assert.equal(bytes.readInt16BE(8), ErrorCode.UNSUPPORTED_VERSION);
  c2.close();
});

test('a batch with a wrong CRC gets CORRUPT_MESSAGE and is not stored', async () => {
  const batch = encodeRecordBatch({ records: [{ key: null, value: Buffer.from('tampered'), timestamp: Date.now() }] });
  batch[batch.length - 1] ^= 0xff;
  const c = await RawClient.connect(broker.port);
  const res = await c.request(Produce, 9, {
    transactionalId: null,
    acks: 1,
    timeoutMs: 1000,
    topicData: [{ name: 'steady', partitionData: [{ index: 0, records: batch }] }],
  });
  assert.equal(res.responses[0].partitionResponses[0].errorCode, ErrorCode.CORRUPT_MESSAGE);
  c.close();
});

test('a request for an unknown topic gets UNKNOWN_TOPIC_OR_PARTITION', async () => {
  const c = await RawClient.connect(broker.port);
  const batch = encodeRecordBatch({ records: [{ key: null, value: Buffer.from('x'), timestamp: Date.now() }] });
  const res = await c.request(Produce, 9, {
    transactionalId: null,
    acks: 1,
    timeoutMs: 1000,
    topicData: [{ name: 'no-such-topic', partitionData: [{ index: 0, records: batch }] }],
  });
  assert.equal(res.responses[0].partitionResponses[0].errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  const md = await c.request(Metadata, 9, { topics: [{ name: 'still-no-such-topic' }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
  assert.equal(md.topics[0].errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  c.close();
});

test('after all that, every acknowledged message is stored once, in order', async () => {
  stop = true;
  await producing;
  const { records } = await fetchAll(broker.port, 'steady');
  assert.equal(records.length, acknowledged);
  assert.deepEqual(
    records.map((r) => r.value!.toString()),
    Array.from({ length: acknowledged }, (_, i) => `m${i}`),
  );
});
