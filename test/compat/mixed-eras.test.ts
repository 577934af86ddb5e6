// needs: peers/java, peers/java-eras/kafka-0.8.2.2, peers/java-eras/kafka-clients-0.10.0.1, peers/python, peers/m2
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Admin } from '../../src/client/admin.js';
import { inProcessBroker, tempDir } from '../helpers/broker.js';
import { checkCapability } from '../helpers/compat-check.js';
import { run } from '../helpers/exec.js';
import { describeRun, eventsOf, javaPeer, runJava } from '../helpers/java-peers.js';
import { kafkaPython133 } from '../helpers/kafka-python-133.js';

// Mixed eras on one topic (issue 16): Kafka 0.8.2.2's Scala producer (Produce v0, message format
// v0) and kafka-clients 4.4 (Produce v9, v2 batches) write; kafka-clients 0.10.0.1 (Fetch v2,
// converted down to magic 1), kafka-python 1.3.3 (its own choice of old versions) and
// kafka-clients 4.4 (Fetch v12) each read every record, in offset order.
const TOPIC = 'mixed-eras';
const OLD = Array.from({ length: 15 }, (_, i) => `old-${i}`);
const NEW = 15;

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let dir: string;
before(async () => {
  broker = await inProcessBroker();
  dir = tempDir('streamdash-mixed-eras-');
  const admin = new Admin(broker.bootstrap);
  await admin.createTopic(TOPIC, { partitions: 1 });
  await admin.close();
});
after(async () => {
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The values in offset order: the 0.8 producer's, then kafka-clients 4.4's (ProducerPeer's record i is `value-i 值 x…`). */
let expected: string[] = [];

test('a Kafka 0.8.2.2 producer and a kafka-clients 4.4 producer write to one topic', () =>
  checkCapability({ client: 'mixed eras (0.8.2.2 and 4.4 writers)', version: '0.8.2.2 + 4.4.0' }, 'produce', async () => {
    const old = await runJava('streamdash.peers08.OldProducerPeer', ['--broker-list', broker.bootstrap, '--topic', TOPIC, '--count', String(OLD.length), '--prefix', 'old', '--type', 'sync'], {
      era: 'kafka-0.8.2.2',
      timeoutMs: 90_000,
      jvm: ['-Dlog4j.configuration=file:/dev/null'],
    });
    assert.equal(old.code, 0, describeRun(old));
    const modern = await javaPeer('producer', broker.bootstrap, ['--topic', TOPIC, '--count', String(NEW), '--acks', 'all']);
    assert.equal(modern.code, 0, describeRun(modern));
    expected = [...OLD, ...eventsOf(modern, 'sent').map((e) => String(e.value))];
    assert.equal(expected.length, OLD.length + NEW);
  }),
);

test('kafka-clients 0.10.0.1, kafka-python 1.3.3 and kafka-clients 4.4 each read every record, in order', () =>
  checkCapability({ client: 'mixed eras (0.10.0.1, kafka-python 1.3.3, 4.4 readers)', version: '0.10.0.1 + 1.3.3 + 4.4.0' }, 'consume', async () => {
    assert.equal(expected.length, OLD.length + NEW, 'the writers ran first');
    const total = String(expected.length);

    const old = await runJava('streamdash.oldclients.OldClientPeer', ['consume', '--bootstrap', broker.bootstrap, '--topic', TOPIC, '--group', 'mixed-010', '--count', total], { era: 'kafka-clients-0.10.0.1', timeoutMs: 90_000 });
    assert.equal(old.code, 0, describeRun(old));
    assert.deepEqual(eventsOf(old, 'record').map((e) => String(e.value)), expected, 'kafka-clients 0.10.0.1');

    const modern = await javaPeer('consumer', broker.bootstrap, ['--topic', TOPIC, '--count', total, '--mode', 'assign', '--from', 'beginning']);
    assert.equal(modern.code, 0, describeRun(modern));
    assert.deepEqual(eventsOf(modern, 'record').map((e) => String(e.value)), expected, 'kafka-clients 4.4');

    // kafka-python 1.3.3 with its `async` parameter renamed in a copy, as test/compat/kafka-python-1.3.3.test.ts does it.
    const { python, lib } = await kafkaPython133(dir);
    const script = join(dir, 'read.py');
    writeFileSync(
      script,
      [
        'import json, sys',
        'from kafka import KafkaConsumer',
        "consumer = KafkaConsumer(sys.argv[2], bootstrap_servers=sys.argv[1], auto_offset_reset='earliest', consumer_timeout_ms=5000)",
        "print(json.dumps([m.value.decode('utf8') for m in consumer]))",
        '',
      ].join('\n'),
    );
    const read = await run(python, ['-W', 'ignore', script, broker.bootstrap, TOPIC], { timeoutMs: 60_000, env: { ...process.env, PYTHONPATH: lib } });
    assert.equal(read.code, 0, read.stderr.slice(-3000));
    assert.deepEqual(JSON.parse(read.stdout.trim().split('\n').pop()!), expected, 'kafka-python 1.3.3');
  }),
);
