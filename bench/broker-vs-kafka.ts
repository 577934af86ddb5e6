import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopics, Metadata } from '../src/protocol/apis.js';
import { freePort, spawnBroker } from '../test/helpers/broker.js';
import { describeRun, runJava } from '../test/helpers/java-peers.js';
import { startKafka } from '../test/helpers/kafka.js';
import { RawClient } from '../test/helpers/raw-client.js';
import { cpuSeconds } from './process-cpu.js';
import { printFigures, type Figure } from './report.js';

/**
 * `npm run bench -- broker --against kafka [--records N]`: Kafka 4.4's own perf tools
 * (ProducerPerformance, ConsumerPerformance, EndToEndLatency, from the Maven jars) against
 * `streamdash broker` and a one-node Kafka 4.4, each in its own process, in one run and on
 * the same tool JVMs, cell by cell. CPU is the broker process's user+system time from
 * /proc/<pid>/stat over the cell, per million records.
 */

interface Cell {
  partitions: number;
  recordSize: number;
  acks: '1' | 'all';
}

const CELLS: Cell[] = [
  { partitions: 1, recordSize: 100, acks: '1' },
  { partitions: 1, recordSize: 100, acks: 'all' },
  { partitions: 100, recordSize: 100, acks: '1' },
  { partitions: 1, recordSize: 1000, acks: '1' },
];

interface Target {
  name: string;
  bootstrap: string;
  port: number;
  pid: number;
}

interface CellResult {
  inPerSec: number;
  outPerSec: number;
  p50: number;
  p99: number;
  p999: number;
  cpuPerMillion: number;
}

/** Tools run with the C2 compiler: they must not be the bottleneck of either broker. */
const TOOL_JVM = ['-XX:TieredStopAtLevel=4', '-Xmx1g'];


async function createTopic(port: number, name: string, partitions: number): Promise<void> {
  const c = await RawClient.connect(port);
  try {
    const r = await c.request(CreateTopics, 7, { topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 30_000, validateOnly: false });
    if (r.topics[0]!.errorCode !== 0) throw new Error(`creating ${name} failed with error ${r.topics[0]!.errorCode}`);
    for (;;) {
      const md = await c.request(Metadata, 9, { topics: [{ name }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
      if (md.topics[0]!.partitions.length === partitions && md.topics[0]!.partitions.every((p) => p.leaderId >= 0)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    c.close();
  }
}

async function tool(main: string, args: string[]): Promise<string> {
  const r = await runJava(`org.apache.kafka.tools.${main}`, args, { jvm: TOOL_JVM, timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`${main} failed: ${describeRun(r)}`);
  return r.stdout;
}

async function runCell(t: Target, cell: Cell, records: number, id: string): Promise<CellResult> {
  const topic = `bench-${id}`;
  await createTopic(t.port, topic, cell.partitions);
  const cpuBefore = cpuSeconds(t.pid);
  const produced = await tool('ProducerPerformance', ['--topic', topic, '--num-records', String(records), '--record-size', String(cell.recordSize), '--throughput', '-1', '--bootstrap-server', t.bootstrap, '--command-property', `acks=${cell.acks}`, 'linger.ms=5', 'batch.size=65536']);
  const inMatch = /(\d+) records sent, ([\d.]+) records\/sec/.exec(produced);
  if (!inMatch) throw new Error(`ProducerPerformance printed no summary:\n${produced}`);
  const consumed = await tool('ConsumerPerformance', ['--bootstrap-server', t.bootstrap, '--topic', topic, '--num-records', String(records), '--timeout', '60000', '--command-property', 'group.protocol=classic']);
  const cpu = cpuSeconds(t.pid) - cpuBefore;
  // start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const line = consumed.split('\n').find((l) => /^\d{4}-\d\d-\d\d /.test(l));
  if (!line) throw new Error(`ConsumerPerformance printed no summary:\n${consumed}`);
  const cells = line.split(',').map((c) => Number(c.trim()));
  if (cells[4] !== records) throw new Error(`ConsumerPerformance read ${cells[4]} of ${records} records from ${t.name}`);

  const e2eTopic = `${topic}-e2e`;
  await createTopic(t.port, e2eTopic, 1);
  const e2e = await tool('EndToEndLatency', ['--bootstrap-server', t.bootstrap, '--topic', e2eTopic, '--num-records', '5000', '--producer-acks', cell.acks, '--record-size', String(cell.recordSize)]);
  const pct = /Percentiles: 50th = ([\d.]+), 99th = ([\d.]+), 99\.9th = ([\d.]+)/.exec(e2e);
  if (!pct) throw new Error(`EndToEndLatency printed no percentiles:\n${e2e}`);
  return { inPerSec: Number(inMatch[2]), outPerSec: cells[9]!, p50: Number(pct[1]), p99: Number(pct[2]), p999: Number(pct[3]), cpuPerMillion: (cpu / (records * 2)) * 1e6 };
}

export async function againstKafka(args: string[]): Promise<void> {
  const recordsFlag = args.indexOf('--records');
  const records = recordsFlag >= 0 ? Number(args[recordsFlag + 1]) : 500_000;
  const work = mkdtempSync(join(tmpdir(), 'streamdash-bench-'));
  const port = await freePort();
  const ours = await spawnBroker(join(work, 'data'), port);
  // The broker JVM gets C2 and G1, as in production, and a heap that is not the limit.
  const kafka = await startKafka({ jvm: ['-XX:+UseG1GC'], heapMb: 2048, timeoutMs: 180_000 });
  const targets: Target[] = [
    { name: 'streamdash', bootstrap: ours.bootstrap, port, pid: ours.pid },
    { name: 'Kafka 4.4', bootstrap: kafka.bootstrap, port: kafka.nodes[0]!.port, pid: kafka.nodes[0]!.proc()!.pid! },
  ];
  console.log(`${records.toLocaleString('en-US')} records a cell; CPU is broker user+system seconds per million records (in + out)`);
  try {
    for (const [i, cell] of CELLS.entries()) {
      const results: CellResult[] = [];
      for (const t of targets) results.push(await runCell(t, cell, records, `${i}`));
      const [s, k] = results as [CellResult, CellResult];
      const figures: Figure[] = [
        { name: 'records/s in', value: s.inPerSec, unit: 'records/s', baseline: k.inPerSec },
        { name: 'records/s out', value: s.outPerSec, unit: 'records/s', baseline: k.outPerSec },
        { name: 'e2e latency p50', value: s.p50, unit: 'ms', baseline: k.p50, higherIsBetter: false },
        { name: 'e2e latency p99', value: s.p99, unit: 'ms', baseline: k.p99, higherIsBetter: false },
        { name: 'e2e latency p99.9', value: s.p999, unit: 'ms', baseline: k.p999, higherIsBetter: false },
        { name: 'broker CPU', value: s.cpuPerMillion, unit: 's per million records', baseline: k.cpuPerMillion, higherIsBetter: false },
      ];
      printFigures(`${cell.partitions} partition(s), 1 producer, ${cell.recordSize} B records, acks=${cell.acks} (streamdash vs Kafka 4.4)`, figures, 'Kafka 4.4');
    }
  } finally {
    await ours.stop();
    await kafka.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
