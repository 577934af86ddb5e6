import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopics, Metadata } from '../src/protocol/apis.js';
import { freePort, spawnBroker } from '../test/helpers/broker.js';
import { describeRun, runJava } from '../test/helpers/java-peers.js';
import { startKafka24 } from '../test/helpers/kafka-24.js';
import { RawClient } from '../test/helpers/raw-client.js';
import { cpuSeconds } from './process-cpu.js';
import { printFigures } from './report.js';

/**
 * `npm run bench -- legacy [--records N]`: the old protocol's clients as seeds 000 and 001 use
 * them, against `streamdash broker` and Apache Kafka 2.4.1 (the last Kafka that served them) in
 * one run. Kafka 0.10.2.2's own perf tools: kafka.tools.ProducerPerformance with the 0.10 Java
 * producer (Produce v2, message format v1, so both brokers convert up to v2 batches on append) and
 * kafka.tools.ConsumerPerformance with the 0.10 consumer (Fetch v3, so both convert the stored v2
 * batches down to magic 1). Records/s and the broker process's CPU per million records. The
 * tool's --batch-size is the new producer's batch.size in bytes (its default, 200, would send
 * one or two records a request); 64 KB as in the Kafka 4.4 bench.
 */

const ERA = 'kafka-0.10.2.2';
const TOOL_JVM = ['-XX:TieredStopAtLevel=4', '-Xmx1g', '-Dlog4j.configuration=file:/dev/null'];
const RECORD_SIZE = 100;

interface Target {
  name: string;
  bootstrap: string;
  port: number;
  pid: number;
}


async function createTopic(port: number, name: string): Promise<void> {
  const c = await RawClient.connect(port);
  try {
    const r = await c.request(CreateTopics, 0, { topics: [{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 30_000 });
    if (r.topics[0]!.errorCode !== 0) throw new Error(`creating ${name} failed with error ${r.topics[0]!.errorCode}`);
    while ((await c.request(Metadata, 0, { topics: [{ name }] })).topics[0]?.partitions[0]?.leaderId !== 1) await new Promise((r) => setTimeout(r, 100));
  } finally {
    c.close();
  }
}

async function tool(main: string, args: string[]): Promise<string> {
  const r = await runJava(main, args, { era: ERA, jvm: TOOL_JVM, timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`${main} failed: ${describeRun(r)}`);
  return r.stdout;
}

/** The CSV line after the header the 0.10 perf tools print; `column` names the records/s field. */
function summary(out: string, column: string): number {
  const lines = out.split('\n').map((l) => l.trim()).filter(Boolean);
  const header = lines.findIndex((l) => l.includes(column));
  if (header < 0 || !lines[header + 1]) throw new Error(`no ${column} in:\n${out}`);
  const names = lines[header]!.split(',').map((s) => s.trim());
  const values = lines[header + 1]!.split(',').map((s) => s.trim());
  return Number(values[names.indexOf(column)]);
}

async function run(t: Target, records: number): Promise<{ inPerSec: number; outPerSec: number; cpuPerMillion: number; consumed: number }> {
  const topic = 'bench-legacy';
  await createTopic(t.port, topic);
  const before = cpuSeconds(t.pid);
  const produced = await tool('kafka.tools.ProducerPerformance', ['--broker-list', t.bootstrap, '--topics', topic, '--messages', String(records), '--message-size', String(RECORD_SIZE), '--batch-size', '65536', '--new-producer', '--request-num-acks', '1']);
  const consumed = await tool('kafka.tools.ConsumerPerformance', ['--new-consumer', '--broker-list', t.bootstrap, '--topic', topic, '--messages', String(records)]);
  const cpu = cpuSeconds(t.pid) - before;
  return {
    inPerSec: summary(produced, 'nMsg.sec'),
    outPerSec: summary(consumed, 'nMsg.sec'),
    consumed: summary(consumed, 'data.consumed.in.nMsg'),
    cpuPerMillion: (cpu / (records * 2)) * 1e6,
  };
}

export async function main(args: string[]): Promise<void> {
  const flag = args.indexOf('--records');
  const records = flag >= 0 ? Number(args[flag + 1]) : 1_000_000;
  const work = mkdtempSync(join(tmpdir(), 'streamdash-bench-legacy-'));
  const port = await freePort();
  const ours = await spawnBroker(join(work, 'data'), port);
  const kafka = await startKafka24({ jvm: ['-XX:+UseG1GC'], heapMb: 2048 });
  const targets: Target[] = [
    { name: 'streamdash', bootstrap: ours.bootstrap, port, pid: ours.pid },
    { name: 'Kafka 2.4.1', bootstrap: kafka.bootstrap, port: kafka.port, pid: kafka.pid },
  ];
  console.log(`${records.toLocaleString('en-US')} records of ${RECORD_SIZE} B, one partition; Kafka 0.10.2.2's perf tools; CPU is broker user+system seconds per million records (in + out)`);
  try {
    const [s, k] = [await run(targets[0]!, records), await run(targets[1]!, records)];
    for (const [t, r] of [[targets[0]!, s], [targets[1]!, k]] as const) {
      if (r.consumed !== records) throw new Error(`ConsumerPerformance read ${r.consumed} of ${records} records from ${t.name}`);
    }
    printFigures('the 0.10 producer (Produce v2, magic 1) and consumer (Fetch v3, converted down), streamdash vs Kafka 2.4.1', [
      { name: 'records/s in', value: s.inPerSec, unit: 'records/s', baseline: k.inPerSec },
      { name: 'records/s out', value: s.outPerSec, unit: 'records/s', baseline: k.outPerSec },
      { name: 'broker CPU', value: s.cpuPerMillion, unit: 's per million records', baseline: k.cpuPerMillion, higherIsBetter: false },
    ], 'Kafka 2.4.1');
  } finally {
    await ours.stop();
    await kafka.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
