// needs: openssl
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Kafka, logLevel, type ConfigResourceTypes, type KafkaConfig } from 'kafkajs';
import { freePort, inProcessBroker, REPO_ROOT, tempDir } from '../helpers/broker.js';
import { spawnCli } from '../helpers/child-process.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { run } from '../helpers/exec.js';
import { produceAndConsume } from '../helpers/kafkajs-roundtrip.js';
import { makeTestCerts, type TestCerts } from '../helpers/tls-certs.js';

// Several listeners at once, as Kafka's listeners= and advertised.listeners=: PLAINTEXT on
// loopback beside SASL_SSL. Metadata (and FindCoordinator) advertise the listener a client came in
// on, so a kafkajs client stays on it: records written on one listener are read in a group on the
// other, and each client is told its own listener's address.
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'kafkajs', 'package.json'), 'utf8')) as { version: string };
const PEER: Peer = { client: 'kafkajs', version: pkg.version };

let certs: TestCerts;
before(() => {
  certs = makeTestCerts();
});
after(() => certs?.remove());

const SCRAM = { mechanism: 'scram-sha-512', username: 'remote', password: 'remote-pw' } as const;
const kafka = (bootstrap: string, extra: Partial<KafkaConfig> = {}) => new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 }, ...extra });
// kafkajs's enum is not among its ESM named exports; 4 is the broker resource type.
const BROKER_RESOURCE = 4 as ConfigResourceTypes;
const secure = (bootstrap: string) => kafka(bootstrap, { ssl: { ca: [readFileSync(certs.caCert, 'utf8')] }, sasl: SCRAM });

async function advertisedTo(k: Kafka): Promise<string[]> {
  const admin = k.admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).brokers.map((b) => `${b.host}:${b.port}`);
  } finally {
    await admin.disconnect();
  }
}

test('PLAINTEXT and SASL_SSL listeners at once: each client is advertised its own listener; records cross from one to the other', { timeout: 60_000 }, () =>
  checkCapability(PEER, 'listeners', async () => {
    const b = await inProcessBroker({
      listeners: [
        { name: 'PLAINTEXT', host: '127.0.0.1', port: 0 },
        { name: 'SASL_SSL', host: '127.0.0.1', port: 0 },
      ],
      tls: { certFile: certs.serverCert, keyFile: certs.serverKey },
      sasl: { users: { remote: 'remote-pw' } },
    });
    try {
      const [plain, tls] = b.listeners;
      assert.deepEqual(b.listeners.map((l) => l.protocol), ['PLAINTEXT', 'SASL_SSL']);
      assert.notEqual(plain!.port, tls!.port);
      assert.deepEqual(await advertisedTo(kafka(plain!.bootstrap)), [plain!.bootstrap]);
      assert.deepEqual(await advertisedTo(secure(tls!.bootstrap)), [tls!.bootstrap]);
      // The SASL_SSL listener asks for a login; the PLAINTEXT one, on loopback, does not.
      const anonymous = kafka(tls!.bootstrap, { ssl: { ca: [readFileSync(certs.caCert, 'utf8')] }, connectionTimeout: 3000, requestTimeout: 3000 }).admin();
      await assert.rejects(anonymous.connect().then(() => anonymous.listTopics()));
      await anonymous.disconnect();

      // Produced in the clear on loopback, read back over TLS in a group (FindCoordinator must point at SASL_SSL too).
      const topic = 'two-listeners';
      const producer = kafka(plain!.bootstrap).producer();
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: Array.from({ length: 20 }, (_, i) => ({ value: `crossing ${i}` })) });
      await producer.disconnect();
      const consumer = secure(tls!.bootstrap).consumer({ groupId: 'two-listeners-group', sessionTimeout: 10_000, heartbeatInterval: 500 });
      const got: string[] = [];
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`read ${got.length} of 20 over SASL_SSL`)), 30_000);
          void consumer.run({ eachMessage: async ({ message }) => void (got.push(message.value!.toString()) === 20 && (clearTimeout(timer), resolve())) }).catch(reject);
        });
      } finally {
        await consumer.disconnect();
      }
      assert.deepEqual(got.sort(), Array.from({ length: 20 }, (_, i) => `crossing ${i}`).sort());
      await produceAndConsume(secure(tls!.bootstrap), 'over-sasl-ssl', 'SASL_SSL');
    } finally {
      await b.stop();
    }
  }),
);

test('streamdash broker --listeners with --advertised-listeners and a protocol map: Metadata gives each listener its advertised address', { timeout: 60_000 }, async () => {
  const dir = tempDir('streamdash-listeners-');
  const [local, external] = [await freePort(), await freePort()];
  const broker = await spawnCli(
    [
      'broker', '--data-dir', join(dir, 'data'),
      '--listeners', `LOCAL://127.0.0.1:${local},EXTERNAL://127.0.0.1:${external}`,
      '--advertised-listeners', `EXTERNAL://localhost:${external}`,
      '--listener-security-protocol-map', 'LOCAL:PLAINTEXT,EXTERNAL:SASL_SSL',
      '--tls-cert', certs.serverCert, '--tls-key', certs.serverKey, '--sasl-user', 'remote:remote-pw',
    ],
    { ready: new RegExp(`broker listening on 127\\.0\\.0\\.1:${external}`) },
  );
  try {
    assert.deepEqual(await advertisedTo(kafka(`127.0.0.1:${local}`)), [`127.0.0.1:${local}`]);
    assert.deepEqual(await advertisedTo(secure(`127.0.0.1:${external}`)), [`localhost:${external}`]);
    const admin = kafka(`127.0.0.1:${local}`).admin();
    await admin.connect();
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: BROKER_RESOURCE, name: '1', configNames: ['listeners', 'advertised.listeners'] }] }).finally(() => admin.disconnect());
    assert.deepEqual(Object.fromEntries(described.resources[0]!.configEntries.map((e) => [e.configName, e.configValue])), {
      listeners: `LOCAL://127.0.0.1:${local},EXTERNAL://127.0.0.1:${external}`,
      'advertised.listeners': `LOCAL://127.0.0.1:${local},EXTERNAL://localhost:${external}`,
    });
    const lines = broker.logs().filter((l) => l.msg?.startsWith('broker listening'));
    assert.deepEqual(lines.map((l) => [l.listener, l.protocol]), [['LOCAL', 'PLAINTEXT'], ['EXTERNAL', 'SASL_SSL']]);
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a listener list the broker cannot serve stops it with exit 2 and what to fix', { timeout: 30_000 }, async () => {
  const dir = tempDir('streamdash-listeners-');
  try {
    const cases: [string[], RegExp][] = [
      [['--listeners', 'PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0'], /the listener SSL is SSL: give the broker's certificate and key \(--tls-cert and --tls-key/],
      [['--listeners', 'CLIENT://127.0.0.1:0'], /the listener CLIENT has no security protocol; name it after one/],
      [['--listeners', 'PLAINTEXT://127.0.0.1:0', '--sasl-user', 'a:b'], /SASL users given, but no listener is SASL_PLAINTEXT or SASL_SSL/],
      [['--listeners', 'SSL://127.0.0.1:0', '--tls-cert', certs.serverCert, '--tls-key', certs.clientKey], /cannot be used: .*check that --tls-key is the key of --tls-cert/],
      [['--tls-cert', join(dir, 'missing.pem'), '--tls-key', certs.serverKey], /cannot read the TLS certificate .*missing\.pem \(--tls-cert\)/],
    ];
    for (const [args, message] of cases) {
      const r = await run(process.execPath, [join(REPO_ROOT, 'dist/src/cli/main.js'), 'broker', '--data-dir', join(dir, 'data'), ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
