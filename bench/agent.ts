import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent } from '../src/agent/agent.js';
import type { TaildirSource } from '../src/agent/sources/taildir/taildir-source.js';
import { createAdmin, Producer } from '../src/client/index.js';
import { createLogger } from '../src/log.js';
import { freePort, spawnBroker } from '../test/helpers/broker.js';
import { printFigures } from './report.js';

/**
 * `npm run bench -- agent [--lines N] [--batch N]`: TAILDIR → file channel →
 * KafkaSink, then TAILDIR → memory channel → KafkaSink, over an access log of
 * N lines, into `streamdash broker` running in its own process. Each agent
 * runs until every line is acknowledged by the broker.
 *
 * Baseline, in the same run: a bare producer sending the same lines in
 * batches of the same size, one request at a time as the sink does — the
 * cost of Kafka alone, so the ratio is what the agent keeps of it.
 */
const TARGET_LINES_PER_SEC = 100_000;

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
}

function accessLine(n: number): string {
  const ip = `${10 + (n % 200)}.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const course = [112, 128, 130, 131, 145, 146][n % 6];
  const referer = ['-', 'https://www.baidu.com/s?wd=Spark', 'https://www.sogou.com/web?query=Hadoop'][n % 3];
  return `${ip}\t2018-11-11 10:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}\t"GET /class/${course}.html HTTP/1.1"\t${n % 17 === 0 ? 404 : 200}\t${referer}`;
}

function writeAccessLog(path: string, lines: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('error', reject);
    let bytes = 0;
    const chunk: string[] = [];
    for (let i = 0; i < lines; i++) {
      chunk.push(accessLine(i));
      if (chunk.length === 10_000 || i === lines - 1) {
        const text = chunk.join('\n') + '\n';
        bytes += Buffer.byteLength(text);
        out.write(text);
        chunk.length = 0;
      }
    }
    out.end(() => resolve(bytes));
  });
}

async function baseline(bootstrap: string, lines: number, batch: number): Promise<number> {
  // The client the Kafka sink sends with, with the sink's defaults: what the agent adds is all the ratio shows.
  const producer = new Producer(bootstrap, { clientId: 'bench-baseline', acks: 1 });
  await producer.send({ messages: [{ topic: 'bench-baseline', value: Buffer.from('warm-up') }] });
  const start = performance.now();
  for (let i = 0; i < lines; i += batch) {
    const messages = [];
    for (let j = i; j < Math.min(lines, i + batch); j++) messages.push({ topic: 'bench-baseline', value: Buffer.from(accessLine(j)) });
    await producer.send({ messages });
  }
  const seconds = (performance.now() - start) / 1000;
  await producer.close();
  return lines / seconds;
}

function agentConfig(channel: 'file' | 'memory', dir: string, log: string, bootstrap: string, topic: string, batch: number): string {
  const channelLines =
    channel === 'file'
      ? [`a1.channels.c1.type = file`, `a1.channels.c1.checkpointDir = ${dir}/checkpoint`, `a1.channels.c1.dataDirs = ${dir}/data`, 'a1.channels.c1.transactionCapacity = 10000']
      : ['a1.channels.c1.type = memory', 'a1.channels.c1.capacity = 100000', 'a1.channels.c1.transactionCapacity = 10000'];
  return [
    'a1.sources = r1',
    'a1.channels = c1',
    'a1.sinks = k1',
    'a1.sources.r1.type = TAILDIR',
    'a1.sources.r1.filegroups = f1',
    `a1.sources.r1.filegroups.f1 = ${log}`,
    `a1.sources.r1.positionFile = ${dir}/position.json`,
    `a1.sources.r1.batchSize = ${batch}`,
    ...channelLines,
    'a1.sinks.k1.type = org.apache.flume.sink.kafka.KafkaSink',
    `a1.sinks.k1.kafka.bootstrap.servers = ${bootstrap}`,
    `a1.sinks.k1.kafka.topic = ${topic}`,
    `a1.sinks.k1.flumeBatchSize = ${batch}`,
    'a1.sources.r1.channels = c1',
    'a1.sinks.k1.channel = c1',
  ].join('\n');
}

/** Starts the agent, waits until the source has read the whole file and the channel is empty, returns lines/s. */
async function runAgent(channel: 'file' | 'memory', root: string, log: string, logBytes: number, lines: number, bootstrap: string, batch: number): Promise<number> {
  const dir = join(root, `agent-${channel}`);
  mkdirSync(dir, { recursive: true });
  const agent = Agent.fromProperties(agentConfig(channel, dir, log, bootstrap, `bench-${channel}`, batch), 'a1', { logger: createLogger('warn', 'bench-agent') });
  const start = performance.now();
  await agent.start();
  const source = agent.sources.get('r1') as TaildirSource;
  const c1 = agent.channels.get('c1')!;
  while (source.positions().reduce((n, p) => n + p.pos, 0) < logBytes || c1.size() > 0) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - start) / 1000;
  await agent.stop();
  await checkTopic(bootstrap, `bench-${channel}`, lines);
  return lines / seconds;
}

async function checkTopic(bootstrap: string, topic: string, lines: number): Promise<void> {
  const admin = createAdmin(bootstrap, 'bench-check');
  try {
    const [t] = await admin.listOffsets([{ topic, partition: 0 }], 'latest');
    const end = t?.offset ?? 0;
    if (end < lines) throw new Error(`topic ${topic} holds ${end} records, expected at least ${lines}: the agent lost lines`);
  } finally {
    await admin.close();
  }
}

export async function main(args: string[]): Promise<void> {
  const lines = flag(args, '--lines', 500_000);
  const batch = flag(args, '--batch', 1000);
  const root = mkdtempSync(join(tmpdir(), 'streamdash-bench-agent-'));
  const broker = await spawnBroker(join(root, 'broker'), await freePort());
  try {
    const log = join(root, 'access.log');
    const logBytes = await writeAccessLog(log, lines);
    console.log(`${lines.toLocaleString('en-US')} access-log lines (${(logBytes / 1e6).toFixed(1)} MB), batches of ${batch}, broker in its own process`);
    const base = await baseline(broker.bootstrap, lines, batch);
    const file = await runAgent('file', root, log, logBytes, lines, broker.bootstrap, batch);
    const memory = await runAgent('memory', root, log, logBytes, lines, broker.bootstrap, batch);
    printFigures(
      'Agent',
      [
        { name: 'TAILDIR → file channel → KafkaSink', value: file, unit: 'lines/s', baseline: base, higherIsBetter: true },
        { name: 'TAILDIR → memory channel → KafkaSink', value: memory, unit: 'lines/s', baseline: base, higherIsBetter: true },
      ],
      'bare producer, same batches',
    );
    console.log(`target: ≥ ${TARGET_LINES_PER_SEC.toLocaleString('en-US')} lines/s through the file channel — ${file >= TARGET_LINES_PER_SEC ? 'met' : 'NOT met'}`);
  } finally {
    await broker.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
