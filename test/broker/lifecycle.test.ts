import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { startBroker, DataDirLockedError } from '../../src/broker/index.js';
import { encodeRecordBatch } from '../../src/protocol/records/record-batch.js';
import { Metadata, Produce } from '../../src/protocol/apis.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { freePort, spawnBroker, tempDir } from '../helpers/broker.js';
import { RawClient } from '../helpers/raw-client.js';

test('SIGTERM flushes and exits cleanly; topics, ids and data survive the restart', async () => {
  const dataDir = tempDir();
  const port = await freePort();
  try {
    let broker = await spawnBroker(dataDir, port);
    const records = encodeRecordBatch({ records: ['one', 'two'].map((v) => ({ key: null, value: Buffer.from(v), timestamp: Date.now() })) });
    const c2 = await RawClient.connect(port);
    const md = await c2.request(Metadata, 9, { topics: [{ name: 'kept' }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    assert.equal(md.topics[0].errorCode, 0);
    const res = await c2.request(Produce, 9, { acks: -1, timeoutMs: 1000, topicData: [{ name: 'kept', partitionData: [{ index: 0, records }] }] });
    assert.equal(res.responses[0].partitionResponses[0].errorCode, 0);
    c2.close();
    assert.equal(await broker.stop('SIGTERM'), 0);
    assert.match(broker.output(), /broker stopped/);

    broker = await spawnBroker(dataDir, port);
    const c3 = await RawClient.connect(port);
    // Asked not to create it, the restarted broker must already know the topic and its partition.
    const md2 = await c3.request(Metadata, 9, { topics: [{ name: 'kept' }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    c3.close();
    assert.deepEqual(md2.topics.map((t) => [t.name, t.errorCode, t.partitions.length]), [['kept', 0, 1]]);
    const { records: back } = await fetchAll(port, 'kept');
    assert.deepEqual(back.map((r) => r.value!.toString()), ['one', 'two']);
    assert.equal(await broker.stop('SIGINT'), 0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a second broker on the same data folder is refused with a clear error', async () => {
  const dataDir = tempDir();
  const first = await startBroker({ port: 0, dataDir });
  try {
    await assert.rejects(startBroker({ port: 0, dataDir }), (err: Error) => err instanceof DataDirLockedError && /in use by another broker/.test(err.message));
  } finally {
    await first.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('binding a port that is taken fails with the OS error, and releases the data folder', async () => {
  const dataDir = tempDir();
  const first = await startBroker({ port: 0, dataDir: tempDir() });
  try {
    await assert.rejects(startBroker({ port: first.port, dataDir }), /EADDRINUSE/);
    const ok = await startBroker({ port: 0, dataDir });
    await ok.close();
  } finally {
    await first.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
