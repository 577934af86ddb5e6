import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BatchSender, createAdmin, createProducer, Fetcher, OffsetOutOfRangeError } from '../../src/client/index.js';
import { inProcessBroker } from '../helpers/broker.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
  const admin = createAdmin(broker.bootstrap);
  await admin.createTopic('fetched', { partitions: 2 });
  await admin.close();
  const producer = createProducer(broker.bootstrap);
  const sender = new BatchSender(producer);
  for (let i = 0; i < 10; i++) sender.push({ topic: 'fetched', partition: i % 2, key: `k${i}`, value: `v${i}`, headers: { n: String(i) }, timestamp: 1_000 + i });
  await sender.flush();
  await producer.close();
});
after(() => broker?.stop());

test('the fetcher reads every record of each partition from a position, keys, values, headers and timestamps as sent', async () => {
  const fetcher = new Fetcher(broker.bootstrap, { clientId: 'fetcher-test', maxBytes: 1 << 20 });
  try {
    const answers = await fetcher.fetch(
      [
        { topic: 'fetched', partition: 0, offset: 0 },
        { topic: 'fetched', partition: 1, offset: 2 },
      ],
      0,
    );
    const byPartition = new Map(answers.map((a) => [a.partition, a]));
    const read = (p: number) =>
      byPartition.get(p)!.batches.flatMap((b) => b.records.map((r) => [r.offset, r.key?.toString(), r.value?.toString(), r.headers[0]?.value?.toString(), r.timestamp]));
    assert.deepEqual(read(0), [0, 2, 4, 6, 8].map((i, n) => [n, `k${i}`, `v${i}`, String(i), 1_000 + i]));
    // A batch is returned whole; the records before the position are the caller's to skip.
    assert.deepEqual(read(1).filter(([offset]) => (offset as number) >= 2).map(([, key]) => key), ['k5', 'k7', 'k9']);
    assert.ok(answers.every((a) => a.error === undefined && a.highWatermark === 5));
  } finally {
    await fetcher.close();
  }
});

test('a position past the end comes back as an OffsetOutOfRangeError that names both ends', async () => {
  const fetcher = new Fetcher(broker.bootstrap, { clientId: 'fetcher-test', maxBytes: 1 << 20 });
  try {
    const [answer] = await fetcher.fetch([{ topic: 'fetched', partition: 0, offset: 99 }], 0);
    assert.ok(answer?.error instanceof OffsetOutOfRangeError, String(answer?.error));
    assert.equal(answer.error.offset, 99);
    assert.equal(answer.error.logStartOffset, 0);
    assert.equal(answer.error.highWatermark, 5);
    assert.deepEqual(answer.batches, []);
  } finally {
    await fetcher.close();
  }
});
