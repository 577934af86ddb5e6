import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Consumer, Producer, stringSerializers } from '@platformatic/kafka';
import { freePort, spawnBroker } from '../test/helpers/broker.js';
import { groupFigures } from './broker-groups.js';
import { againstKafka } from './broker-vs-kafka.js';
import { timeCommand, writeRecordsFile } from './kcat.js';
import { percentile, printFigures } from './report.js';

/**
 * `npm run bench -- broker [--records N]` (or `--against kafka`: bench/broker-vs-kafka.ts): kcat in and out, end-to-end
 * latency at light load, then consumer-group formation and throughput, against `streamdash broker` in its own process.
 * The baseline is Apache Kafka 2.4 on the same class of 2-core machine, as
 * quoted in the broker issue; the side-by-side run on this machine is a
 * separate exercise, since Kafka's binaries cannot be fetched here.
 */
const KAFKA_REFERENCE = { produceRecordsPerSec: 1_000_000 / 2.0, consumeRecordsPerSec: 1_170_000, p50Ms: 0, p99Ms: 5 };

async function latency(bootstrap: string, samples: number): Promise<number[]> {
  const producer = new Producer({ clientId: 'lat-p', bootstrapBrokers: [bootstrap], serializers: stringSerializers, acks: 1, autocreateTopics: true });
  await producer.send({ messages: [{ topic: 'latency', value: 'warm-up' }] });
  const consumer = new Consumer({ groupId: 'unused', clientId: 'lat-c', bootstrapBrokers: [bootstrap] });
  const latencies: number[] = [];
  let offset = 1n;
  let stop = false;
  const reading = (async () => {
    while (!stop) {
      const res = await consumer.fetch({
        node: 1,
        maxWaitTime: 200,
        minBytes: 1,
        topics: [{ topicId: 'latency', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: offset, lastFetchedEpoch: -1, partitionMaxBytes: 1 << 20 }] }],
      } as never);
      const now = performance.timeOrigin + performance.now();
      for (const batch of res.responses[0]!.partitions[0]!.records ?? []) {
        for (const r of batch.records) latencies.push(now - Number(r.value!.toString()));
        offset = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
      }
    }
  })();
  for (let i = 0; i < samples; i++) {
    await producer.send({ messages: [{ topic: 'latency', value: String(performance.timeOrigin + performance.now()) }] });
    await new Promise((r) => setTimeout(r, 2));
  }
  while (latencies.length < samples) await new Promise((r) => setTimeout(r, 10));
  stop = true;
  await reading;
  await producer.close();
  await consumer.close();
  return latencies.sort((a, b) => a - b);
}

export async function main(args: string[]): Promise<void> {
  const against = args.indexOf('--against');
  if (against >= 0) {
    if (args[against + 1] !== 'kafka') throw new Error(`--against takes "kafka" (Kafka 4.4 from the peer cache), got ${args[against + 1] ?? 'nothing'}`);
    return againstKafka(args);
  }
  const recordsFlag = args.indexOf('--records');
  const records = recordsFlag >= 0 ? Number(args[recordsFlag + 1]) : 1_000_000;
  const work = mkdtempSync(join(tmpdir(), 'streamdash-bench-'));
  const port = await freePort();
  const broker = await spawnBroker(join(work, 'data'), port);
  try {
    const file = join(work, 'records.txt');
    await writeRecordsFile(file, records);
    console.log(`broker on ${broker.bootstrap}; ${records.toLocaleString('en-US')} records of 100 bytes`);

    const inMs = await timeCommand('kcat', ['-P', '-b', broker.bootstrap, '-t', 'bench', '-X', 'acks=1', '-l', file]);
    const outMs = await timeCommand('kcat', ['-C', '-b', broker.bootstrap, '-t', 'bench', '-o', 'beginning', '-e', '-q', '-c', String(records), '-f', '%o\\n']);
    const lat = await latency(broker.bootstrap, 2000);

    printFigures(
      'Broker (kcat 1.7 / librdkafka, acks=1, 100-byte records)',
      [
        { name: 'produce', value: records / (inMs / 1000), unit: 'records/s', baseline: KAFKA_REFERENCE.produceRecordsPerSec },
        { name: 'produce wall time', value: inMs / 1000, unit: 's' },
        { name: 'consume', value: records / (outMs / 1000), unit: 'records/s', baseline: KAFKA_REFERENCE.consumeRecordsPerSec },
        { name: 'consume wall time', value: outMs / 1000, unit: 's' },
        { name: 'end-to-end latency p50', value: percentile(lat, 50), unit: 'ms' },
        { name: 'end-to-end latency p99', value: percentile(lat, 99), unit: 'ms', baseline: KAFKA_REFERENCE.p99Ms, higherIsBetter: false },
        { name: 'end-to-end latency p99.9', value: percentile(lat, 99.9), unit: 'ms' },
      ],
      'Apache Kafka 2.4 reference',
    );
    printFigures('Broker: consumer groups (kcat -G members)', await groupFigures(broker.bootstrap, port, records));
  } finally {
    await broker.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
