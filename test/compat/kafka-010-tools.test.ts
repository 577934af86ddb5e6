// needs: peers/java-eras/kafka-0.10.2.2, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { describeRun, runJava } from '../helpers/java-peers.js';
import { produce } from '../helpers/produce.js';

// Seed 000's command lines with Kafka 0.10.2.2's own tools, unchanged:
//   bin/kafka-console-producer.sh --broker-list localhost:9092 --topic dblab
//   bin/kafka-console-consumer.sh --zookeeper localhost:2181 --topic dblab --from-beginning
// and the same era's new consumer (--bootstrap-server). The old consumer keeps its group in the
// broker's ZooKeeper facade, the new one in the broker's group coordinator; both resume from
// what they committed.
const PEER: Peer = { client: 'Kafka 0.10.2.2 tools', version: '0.10.2.2' };
const ERA = 'kafka-0.10.2.2';
const QUIET = ['-Dlog4j.configuration=file:/dev/null'];

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let zk: string;
before(async () => {
  broker = await inProcessBroker({ zookeeperPort: 0 });
  zk = `127.0.0.1:${broker.zookeeper!.port}`;
});
after(() => broker?.stop());

async function consoleConsumer(args: string[]): Promise<string[]> {
  const r = await runJava('kafka.tools.ConsoleConsumer', args, { era: ERA, timeoutMs: 90_000, jvm: QUIET });
  assert.equal(r.code, 0, describeRun(r));
  return r.stdout.split('\n').filter((l) => l !== '');
}

const values = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

test('kafka-console-producer --broker-list: each stdin line becomes one record', () =>
  checkCapability(PEER, 'produce', async () => {
    const lines = values('line', 20);
    const r = await runJava('kafka.tools.ConsoleProducer', ['--broker-list', broker.bootstrap, '--topic', 'dblab'], { era: ERA, timeoutMs: 90_000, jvm: QUIET, input: lines.join('\n') + '\n' });
    assert.equal(r.code, 0, describeRun(r));
    assert.deepEqual((await fetchAll(broker.port, 'dblab')).records.map((rec) => rec.value?.toString()), lines);
  }),
);

test('kafka-console-consumer --zookeeper --from-beginning (the old consumer), then a resume from the offsets it stored', () =>
  checkCapability(PEER, 'groups', async () => {
    const first = values('zk', 6);
    await produce(broker.bootstrap, 'zk-topic', first);
    const group = ['--consumer-property', 'group.id=seed-000'];
    assert.deepEqual(await consoleConsumer(['--zookeeper', zk, '--topic', 'zk-topic', '--from-beginning', '--max-messages', '6', ...group]), first);
    const next = values('zk-next', 4);
    await produce(broker.bootstrap, 'zk-topic', next);
    assert.deepEqual(await consoleConsumer(['--zookeeper', zk, '--topic', 'zk-topic', '--max-messages', '4', ...group]), next);
  }),
);

test('kafka-console-consumer --bootstrap-server (the new consumer) in a group, then a resume from its committed offsets', () =>
  checkCapability(PEER, 'consume', async () => {
    const first = values('new', 6);
    await produce(broker.bootstrap, 'new-topic', first);
    const group = ['--consumer-property', 'group.id=seed-000-new'];
    assert.deepEqual(await consoleConsumer(['--bootstrap-server', broker.bootstrap, '--topic', 'new-topic', '--from-beginning', '--max-messages', '6', ...group]), first);
    const next = values('new-next', 4);
    await produce(broker.bootstrap, 'new-topic', next);
    assert.deepEqual(await consoleConsumer(['--bootstrap-server', broker.bootstrap, '--topic', 'new-topic', '--max-messages', '4', ...group]), next);
  }),
);
