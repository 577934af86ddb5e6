// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { scramCredential } from '../../src/broker/security/scram-credential.js';
import { writeUsersFile } from '../../src/broker/security/users-file.js';
import { inProcessBroker, tempDir } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { describeRun, eventsOf, javaPeer, KAFKA_VERSION, runJava, type JavaRun } from '../helpers/java-peers.js';

// Apache Kafka's Java client, kafka-clients 4.4, on a listener that requires SASL: the
// producer and a group consumer log in with SCRAM-SHA-512 (ScramLoginModule, as a Kafka user
// would configure it) and every record reads back; a wrong password is refused. Kafka's own
// console tools log in the way their users do, with a --command-config file.
const PEER: Peer = { client: 'kafka-clients', version: KAFKA_VERSION };
const TOOLS: Peer = { client: 'Kafka 4.4 tools', version: KAFKA_VERSION };

const usersDir = tempDir('streamdash-java-sasl-');
const usersFile = join(usersDir, 'users.json');
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  writeUsersFile(
    usersFile,
    new Map([
      ['java-user', { 'SCRAM-SHA-512': scramCredential('SCRAM-SHA-512', 'j4va-p@ss "quoted"', 8192) }],
      ['java-256', { 'SCRAM-SHA-256': scramCredential('SCRAM-SHA-256', 'pw-256') }],
    ]),
  );
  broker = await inProcessBroker({ sasl: { usersFile } });
});
after(async () => {
  await broker?.stop();
  rmSync(usersDir, { recursive: true, force: true });
});

const LOGIN_MODULES = { PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule', 'SCRAM-SHA-256': 'org.apache.kafka.common.security.scram.ScramLoginModule', 'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule' } as const;

/** The client properties of a SASL login, as --config arguments. */
function login(mechanism: keyof typeof LOGIN_MODULES, user: string, password: string): string[] {
  const jaas = `${LOGIN_MODULES[mechanism]} required username="${user}" password="${password.replace(/"/g, '\\"')}";`;
  return ['--config', 'security.protocol=SASL_PLAINTEXT', '--config', `sasl.mechanism=${mechanism}`, '--config', `sasl.jaas.config=${jaas}`];
}
const scram512 = (user: string, password: string) => login('SCRAM-SHA-512', user, password);

function ok(r: JavaRun): JavaRun {
  assert.equal(r.code, 0, describeRun(r));
  return r;
}

const value = (i: number) => `value-${i} 值 ${'x'.repeat(i % 50)}`;

test('SCRAM-SHA-512: the producer and a group consumer authenticate; every record reads back', { timeout: 240_000 }, () =>
  checkCapability(PEER, 'sasl:SCRAM-SHA-512', async () => {
    const login = scram512('java-user', 'j4va-p@ss "quoted"');
    const produced = ok(await javaPeer('producer', broker.bootstrap, ['--topic', 'java-sasl', '--count', '40', '--keys', 'true', ...login]));
    assert.equal(eventsOf(produced, 'sent').length, 40);
    const consumed = ok(await javaPeer('consumer', broker.bootstrap, ['--topic', 'java-sasl', '--count', '40', '--mode', 'subscribe', '--group', 'java-sasl-readers', '--commit', 'sync', ...login]));
    const values = eventsOf(consumed, 'record').map((e) => e.value as string);
    assert.deepEqual(values.sort(), Array.from({ length: 40 }, (_, i) => value(i)).sort());
  }),
);

test('SCRAM-SHA-512 with a wrong password: the producer fails with SaslAuthenticationException', { timeout: 120_000 }, () =>
  checkCapability(PEER, 'sasl:wrong-password', async () => {
    const r = await javaPeer('producer', broker.bootstrap, ['--topic', 'java-sasl-denied', '--count', '1', ...scram512('java-user', 'not-the-password')]);
    assert.notEqual(r.code, 0, describeRun(r));
    // The send's future fails with the broker's SASL_AUTHENTICATION_FAILED, as the peer reports it.
    const sent = eventsOf(r, 'sent');
    assert.equal(sent.length, 1, describeRun(r));
    assert.equal(sent[0]!.error, 'org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512');
  }),
);

test('PLAIN and SCRAM-SHA-256: the admin client creates and lists a topic', { timeout: 120_000 }, async () => {
  for (const mechanism of ['PLAIN', 'SCRAM-SHA-256'] as const) {
    await checkCapability(PEER, `sasl:${mechanism}`, async () => {
      const topic = `java-admin-${mechanism.toLowerCase()}`;
      const credentials = login(mechanism, 'java-256', 'pw-256');
      ok(await javaPeer('admin', broker.bootstrap, ['--op', 'create', '--topic', topic, '--partitions', '1', ...credentials]));
      const listed = ok(await javaPeer('admin', broker.bootstrap, ['--op', 'list', ...credentials]));
      assert.ok((eventsOf(listed, 'topics')[0]!.names as string[]).includes(topic), describeRun(listed));
    });
  }
});

test("Kafka's console producer and consumer with --command-config over SCRAM-SHA-512: every line back", { timeout: 240_000 }, () =>
  checkCapability(TOOLS, 'sasl:SCRAM-SHA-512', async () => {
    const config = join(usersDir, 'client.properties');
    // login() gives --config key=value pairs; the tools read the same keys from a properties file,
    // where a backslash is itself an escape.
    const pairs = scram512('java-user', 'j4va-p@ss "quoted"').filter((a) => a !== '--config');
    writeFileSync(config, pairs.map((kv) => kv.replace(/\\/g, '\\\\')).join('\n') + '\n');
    const lines = Array.from({ length: 25 }, (_, i) => `tools line ${i} ✓`);
    const common = ['--bootstrap-server', broker.bootstrap, '--topic', 'java-sasl-tools', '--command-config', config];
    ok(await runJava('org.apache.kafka.tools.ConsoleProducer', common, { input: lines.join('\n') + '\n', timeoutMs: 120_000 }));
    const read = ok(await runJava('org.apache.kafka.tools.consumer.ConsoleConsumer', [...common, '--from-beginning', '--max-messages', String(lines.length), '--command-property', 'group.protocol=classic'], { timeoutMs: 120_000 }));
    assert.deepEqual(read.stdout.split('\n').filter((l) => l.startsWith('tools line')).sort(), [...lines].sort());
  }),
);

test('re-authentication (KIP-368): a consumer whose session outlives connections.max.reauth.ms logs in again on its connection', { timeout: 240_000 }, () =>
  checkCapability(PEER, 'sasl:re-authentication', async () => {
    const logs: { msg?: string; user?: string; reauthentication?: boolean }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as (typeof logs)[number]) });
    const b = await inProcessBroker({ sasl: { usersFile, reauthMs: 2000 }, logger });
    try {
      const credentials = scram512('java-user', 'j4va-p@ss "quoted"');
      // The consumer waits in its group for records the producer sends seconds later, past the session's end.
      const consumer = javaPeer('consumer', b.bootstrap, ['--topic', 'java-reauth', '--count', '10', '--mode', 'subscribe', '--group', 'java-reauth', '--timeout-ms', '60000', ...credentials]);
      await new Promise((r) => setTimeout(r, 6000));
      ok(await javaPeer('producer', b.bootstrap, ['--topic', 'java-reauth', '--count', '10', ...credentials]));
      const read = ok(await consumer);
      assert.deepEqual(eventsOf(read, 'record').map((e) => e.value as string).sort(), Array.from({ length: 10 }, (_, i) => value(i)).sort());
      const again = logs.filter((l) => l.msg === 'SASL authenticated' && l.reauthentication === true);
      assert.ok(again.length > 0, `no re-authentication among ${logs.filter((l) => l.msg === 'SASL authenticated').length} logins`);
    } finally {
      await b.stop();
    }
  }),
);
