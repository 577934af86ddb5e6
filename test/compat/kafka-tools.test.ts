// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ListOffsets } from '../../src/protocol/apis.js';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { describeRun, KAFKA_VERSION, runJava, type JavaRun } from '../helpers/java-peers.js';
import { RawClient } from '../helpers/raw-client.js';

// Apache Kafka 4.4's own command-line tools, run from the Maven jars (the classes behind
// bin/kafka-*.sh) against the embedded broker: what they print is parsed and checked
// against what was sent and what the broker holds. Outcomes go under the report's common
// capability columns: kafka-topics create/list is admin, its --describe (which needs
// DescribeConfigs) is configs, the console pair is produce+consume, kafka-consumer-groups
// --describe is groups, the perf tests are produce and consume.
const PEER: Peer = { client: 'Kafka 4.4 tools', version: KAFKA_VERSION };

const TOOL = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  consoleProducer: 'org.apache.kafka.tools.ConsoleProducer',
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  producerPerf: 'org.apache.kafka.tools.ProducerPerformance',
  consumerPerf: 'org.apache.kafka.tools.ConsumerPerformance',
  e2eLatency: 'org.apache.kafka.tools.EndToEndLatency',
} as const;

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let raw: RawClient;
before(async () => {
  broker = await inProcessBroker();
  raw = await RawClient.connect(broker.port);
});
after(async () => {
  raw?.close();
  await broker?.stop();
});

function tool(name: keyof typeof TOOL, args: string[], input?: string): Promise<JavaRun> {
  return runJava(TOOL[name], args, { timeoutMs: 120_000, ...(input !== undefined && { input }) });
}

function ok(r: JavaRun): JavaRun {
  assert.equal(r.code, 0, describeRun(r));
  return r;
}

const bootstrap = () => ['--bootstrap-server', broker.bootstrap];

/** The log-end offset of each partition, from the broker itself. */
async function logEnds(topic: string, partitions: number): Promise<number[]> {
  const res = await raw.request(ListOffsets, 5, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: topic, partitions: Array.from({ length: partitions }, (_, partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, timestamp: -1 })) }],
  });
  return res.topics[0]!.partitions.sort((a, b) => a.partitionIndex - b.partitionIndex).map((p) => Number(p.offset));
}

/** The lines of a tool's stdout that split on whitespace into a row of `columns` cells and start with `first`. */
function rows(stdout: string, first: string, columns: number): string[][] {
  return stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((cells) => cells.length === columns && cells[0] === first);
}

async function createTopic(topic: string, partitions: number) {
  const r = ok(await tool('topics', [...bootstrap(), '--create', '--topic', topic, '--partitions', String(partitions), '--replication-factor', '1']));
  assert.match(r.stdout, new RegExp(`Created topic ${topic}\\.`));
}

test('kafka-topics creates, lists and describes topics', { timeout: 300_000 }, async () => {
  await checkCapability(PEER, 'admin', async () => {
    await createTopic('tools-topics', 3);
    const dup = await tool('topics', [...bootstrap(), '--create', '--topic', 'tools-topics', '--partitions', '1']);
    assert.notEqual(dup.code, 0, 'a second create of the same topic fails');
    assert.match(dup.stdout + dup.stderr, /already exists/);
    const listed = ok(await tool('topics', [...bootstrap(), '--list']));
    assert.ok(listed.stdout.split('\n').map((l) => l.trim()).includes('tools-topics'), listed.stdout);
  });

  // kafka-topics --describe asks for each topic's configs (DescribeConfigs) before it prints.
  await checkCapability(PEER, 'configs', async () => {
    const described = ok(await tool('topics', [...bootstrap(), '--describe', '--topic', 'tools-topics']));
    // No "TopicId:" yet: the tool prints it only when Metadata v10+ gives one, and the broker
    // serves Metadata up to v9 (topic ids in Metadata are the rest of issue 15). Kafka 4.4 prints it;
    // this line fails once topic ids are served, so that it is updated then.
    assert.match(described.stdout, /^Topic: tools-topics\s+PartitionCount: 3\s+ReplicationFactor: 1\s+Configs: *$/m);
    for (const p of [0, 1, 2]) assert.match(described.stdout, new RegExp(`Partition: ${p}\\s+Leader: 1\\s+Replicas: 1\\s+Isr: 1`));
    ok(await tool('topics', [...bootstrap(), '--create', '--topic', 'tools-configs', '--partitions', '1', '--config', 'retention.ms=3600000', '--config', 'cleanup.policy=compact']));
    const withConfigs = ok(await tool('topics', [...bootstrap(), '--describe', '--topic', 'tools-configs']));
    // The Configs column lists the topic's own overrides, as DescribeConfigs reports their source.
    assert.match(withConfigs.stdout, /^Topic: tools-configs\s+PartitionCount: 1\s+ReplicationFactor: 1\s+Configs: (cleanup\.policy=compact,retention\.ms=3600000|retention\.ms=3600000,cleanup\.policy=compact)\s*$/m);
  });
});

test('console producer and console consumer: exact records back; kafka-consumer-groups --describe: offsets and lag', { timeout: 400_000 }, async () => {
  const topic = 'tools-console';
  await createTopic(topic, 3);
  const sent = Array.from({ length: 30 }, (_, i) => [`key-${i}`, `value ${i} ünïcode ${'z'.repeat(i)}`] as const);
  const produce = (records: readonly (readonly [string, string])[]) =>
    tool('consoleProducer', [...bootstrap(), '--topic', topic, '--reader-property', 'parse.key=true', '--reader-property', 'key.separator=|', '--command-property', 'acks=all'], records.map(([k, v]) => `${k}|${v}\n`).join(''));

  // Consumed records as partition → [offset, key, value][], from the console consumer's print.* lines.
  const consumed = new Map<number, [number, string, string][]>();
  await checkCapability(PEER, 'produce+consume', async () => {
    ok(await produce(sent));
    assert.equal((await logEnds(topic, 3)).reduce((a, b) => a + b, 0), sent.length, 'the broker holds every record the console producer read');
    const read = ok(
      await tool('consoleConsumer', [
        ...bootstrap(),
        '--topic',
        topic,
        '--from-beginning',
        '--max-messages',
        String(sent.length),
        '--group',
        'tools-group',
        '--command-property',
        'group.protocol=classic',
        '--formatter-property',
        'print.partition=true',
        '--formatter-property',
        'print.offset=true',
        '--formatter-property',
        'print.key=true',
      ]),
    );
    for (const line of read.stdout.split('\n')) {
      const m = /^Partition:(\d+)\tOffset:(\d+)\t([^\t]*)\t(.*)$/.exec(line);
      if (!m) continue;
      const p = Number(m[1]);
      consumed.set(p, [...(consumed.get(p) ?? []), [Number(m[2]), m[3]!, m[4]!]]);
    }
    const all = [...consumed.values()].flat();
    assert.deepEqual(all.map(([, k, v]) => `${k}|${v}`).sort(), sent.map(([k, v]) => `${k}|${v}`).sort(), 'every record back, key and value exact');
    for (const [p, recs] of consumed) assert.deepEqual(recs.map(([o]) => o), recs.map((_, i) => i), `partition ${p}: offsets from 0 without gaps`);
    // A key always lands on the same partition (the murmur2 partitioner), so each key appears once.
    assert.equal(new Set(all.map(([, k]) => k)).size, sent.length);
  });

  await checkCapability(PEER, 'groups', async () => {
    const more = Array.from({ length: 7 }, (_, i) => [`late-${i}`, `late value ${i}`] as const);
    ok(await produce(more));
    const ends = await logEnds(topic, 3);
    const described = ok(await tool('consumerGroups', [...bootstrap(), '--describe', '--group', 'tools-group']));
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
    const table = rows(described.stdout, 'tools-group', 9).sort((a, b) => Number(a[2]) - Number(b[2]));
    assert.deepEqual(
      table.map((r) => r.slice(1, 6).join(' ')),
      [0, 1, 2].map((p) => {
        const current = consumed.get(p)?.length ?? 0;
        return `${topic} ${p} ${current} ${ends[p]} ${ends[p]! - current}`;
      }),
      described.stdout,
    );
    assert.equal(
      table.reduce((sum, r) => sum + Number(r[5]), 0),
      more.length,
      'the lag adds up to the records produced after the group committed',
    );
  });
});

test('kafka-producer-perf-test writes every record; kafka-consumer-perf-test reads them all', { timeout: 300_000 }, async () => {
  const topic = 'tools-perf';
  const count = 20_000;
  await createTopic(topic, 2);
  await checkCapability(PEER, 'produce', async () => {
    const r = ok(await tool('producerPerf', ['--topic', topic, '--num-records', String(count), '--record-size', '100', '--throughput', '-1', ...bootstrap(), '--command-property', 'acks=all', 'linger.ms=5']));
    const m = /(\d+) records sent, [\d.]+ records\/sec .* ([\d.]+) ms 99th/.exec(r.stdout);
    assert.ok(m, r.stdout);
    assert.equal(Number(m[1]), count);
    assert.equal((await logEnds(topic, 2)).reduce((a, b) => a + b, 0), count, 'the broker holds every record');
  });
  await checkCapability(PEER, 'consume', async () => {
    const r = ok(await tool('consumerPerf', [...bootstrap(), '--topic', topic, '--num-records', String(count), '--timeout', '60000', '--command-property', 'group.protocol=classic']));
    // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
    const line = r.stdout.split('\n').find((l) => /^\d{4}-\d\d-\d\d /.test(l));
    assert.ok(line, r.stdout);
    const cells = line.split(',').map((c) => c.trim());
    assert.equal(Number(cells[4]), count, 'consumed every record');
    assert.equal(Number(cells[2]), Number(((count * 100) / (1024 * 1024)).toFixed(4)), 'and every byte');
  });
});

test('kafka-e2e-latency round-trips each record and reports percentiles', { timeout: 300_000 }, async () => {
  const topic = 'tools-e2e';
  const count = 500;
  await createTopic(topic, 1);
  await checkCapability(PEER, 'e2e-latency', async () => {
    const r = ok(await tool('e2eLatency', [...bootstrap(), '--topic', topic, '--num-records', String(count), '--producer-acks', 'all', '--record-size', '100']));
    assert.match(r.stdout, /Avg latency: [\d.]+ ms/);
    assert.match(r.stdout, /Percentiles: 50th = \d+, 99th = \d+, 99\.9th = \d+/);
    assert.deepEqual(await logEnds(topic, 1), [count], 'every record the tool sent (and read back) is in the log');
  });
});
