// needs: peers/java-eras/kafka-2.4.1, peers/m2
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Admin } from '../../src/client/admin.js';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { describeRun, runJava, type JavaRun } from '../helpers/java-peers.js';
import { waitFor } from '../helpers/wait-for.js';

// Kafka 2.4.1's ZooKeeper-era tools (kafka.admin.TopicCommand and ConfigCommand, the classes
// behind the seeds' bin/kafka-topics.sh and bin/kafka-configs.sh) with --zookeeper pointed at
// the broker's facade: what they write must take effect in the broker, and what they print
// must be what the broker holds.
const PEER: Peer = { client: 'Kafka 2.4.1 tools (--zookeeper)', version: '2.4.1' };
const ERA = 'kafka-2.4.1';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let admin: Admin;
let zk: string;
before(async () => {
  broker = await inProcessBroker({ zookeeperPort: 0 });
  zk = `127.0.0.1:${broker.zookeeper!.port}`;
  admin = new Admin(broker.bootstrap);
});
after(async () => {
  await admin?.close();
  await broker?.stop();
});

/** The broker's partition count for `topic` (0 when it has no such topic), through the Kafka protocol. */
async function partitions(topic: string): Promise<number> {
  return (await admin.partitionCounts([topic])).get(topic) ?? 0;
}

/** The configs the broker persisted for `topic`, from its own topics.json. */
function storedConfigs(topic: string): Record<string, string> | undefined {
  const stored = JSON.parse(readFileSync(join(broker.dataDir, 'topics.json'), 'utf8')) as { name: string; configs: Record<string, string> }[];
  return stored.find((t) => t.name === topic)?.configs;
}

async function tool(main: 'kafka.admin.TopicCommand' | 'kafka.admin.ConfigCommand', args: string[]): Promise<JavaRun> {
  const r = await runJava(main, ['--zookeeper', zk, ...args], { era: ERA, timeoutMs: 120_000 });
  assert.equal(r.code, 0, describeRun(r));
  return r;
}
const topics = (args: string[]) => tool('kafka.admin.TopicCommand', args);
const configs = (args: string[]) => tool('kafka.admin.ConfigCommand', args);

test('kafka-topics --zookeeper create, list, describe, alter partitions, delete', () =>
  checkCapability(PEER, 'admin', async () => {
    await topics(['--create', '--replication-factor', '1', '--partitions', '1', '--topic', 'dblab']);
    await waitFor('the broker to create dblab', async () => (await partitions('dblab')) === 1, { timeoutMs: 10_000 });

    const listed = await topics(['--list']);
    assert.deepEqual(listed.stdout.split('\n').filter((l) => l.trim() !== ''), ['dblab']);

    await topics(['--alter', '--topic', 'dblab', '--partitions', '3']);
    await waitFor('dblab to grow to 3 partitions', async () => (await partitions('dblab')) === 3, { timeoutMs: 10_000 });

    const described = await topics(['--describe', '--topic', 'dblab']);
    assert.match(described.stdout, /Topic: dblab\s+PartitionCount: 3\s+ReplicationFactor: 1/);
    for (const p of [0, 1, 2]) assert.match(described.stdout, new RegExp(`Partition: ${p}\\s+Leader: 1\\s+Replicas: 1\\s+Isr: 1`));

    const deleted = await topics(['--delete', '--topic', 'dblab']);
    assert.match(deleted.stdout, /dblab is marked for deletion/);
    await waitFor('the broker to delete dblab', async () => !(await admin.listTopics()).includes('dblab'), { timeoutMs: 10_000 });
    const after = await topics(['--list']);
    assert.equal(after.stdout.trim(), '');
  }),
);

test('kafka-configs --zookeeper describe and alter a topic config', () =>
  checkCapability(PEER, 'configs', async () => {
    await admin.createTopic('conf', { partitions: 1 });
    await configs(['--entity-type', 'topics', '--entity-name', 'conf', '--alter', '--add-config', 'retention.ms=60000']);
    await waitFor('the broker to take retention.ms', () => storedConfigs('conf')?.['retention.ms'] === '60000', { timeoutMs: 10_000 });
    const described = await configs(['--entity-type', 'topics', '--entity-name', 'conf', '--describe']);
    assert.match(described.stdout, /Configs for topic 'conf' are retention\.ms=60000/);
  }),
);
