// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateTopics, Fetch, SaslAuthenticate, SaslHandshake } from '../../src/protocol/apis.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { inProcessBroker, tempDir } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { fetchRequest } from '../helpers/fetch-all.js';
import { describeRun, KAFKA_VERSION, runJava, type JavaRun } from '../helpers/java-peers.js';
import { RawClient } from '../helpers/raw-client.js';

// Apache Kafka 4.4's kafka-acls.sh (org.apache.kafka.tools.AclCommand, from the Maven jars), logged in
// as a super user over SASL PLAIN, adds, lists and removes ACLs on the embedded broker; what the
// broker lets alice do follows each step. The outcome goes under the 'acls' column of the Kafka 4.4 tools.
const PEER: Peer = { client: 'Kafka 4.4 tools', version: KAFKA_VERSION };
const USERS = { admin: 'admin-pw', alice: 'alice-pw' };
const TOPIC = 'acl-orders';
const dir = tempDir('streamdash-kafka-acls-');
const adminConfig = join(dir, 'admin.properties');
let broker: Awaited<ReturnType<typeof inProcessBroker>>;

before(async () => {
  broker = await inProcessBroker({ dataDir: join(dir, 'data'), sasl: { users: USERS }, authorizer: { superUsers: ['User:admin'] } });
  writeFileSync(
    adminConfig,
    ['security.protocol=SASL_PLAINTEXT', 'sasl.mechanism=PLAIN', `sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${USERS.admin}";`].join('\n') + '\n',
  );
});

after(async () => {
  await broker?.stop();
});

function acls(args: string[]): Promise<JavaRun> {
  return runJava('org.apache.kafka.tools.AclCommand', ['--bootstrap-server', broker.bootstrap, '--command-config', adminConfig, ...args], { timeoutMs: 120_000 });
}

function ok(r: JavaRun): JavaRun {
  assert.equal(r.code, 0, describeRun(r));
  return r;
}

/** What alice's Fetch of the topic answers, logged in over SASL PLAIN. */
async function aliceFetch(): Promise<number> {
  const c = await RawClient.connect(broker.port);
  try {
    await c.request(SaslHandshake, 1, { mechanism: 'PLAIN' });
    assert.equal((await c.request(SaslAuthenticate, 2, { authBytes: Buffer.from(`\0alice\0${USERS.alice}`) })).errorCode, ErrorCode.NONE);
    return (await c.request(Fetch, 12, fetchRequest(TOPIC, 0, 0))).responses[0]!.partitions[0]!.errorCode;
  } finally {
    c.close();
  }
}

test('kafka-acls --add, --list and --remove: alice may read only while her ACL is there', { timeout: 300_000 }, () =>
  checkCapability(PEER, 'acls', async () => {
    // The super user creates the topic over the wire without any ACL.
    await createTopicAsAdmin();
    assert.equal(await aliceFetch(), ErrorCode.TOPIC_AUTHORIZATION_FAILED, 'no ACL: refused (allow.everyone.if.no.acl.found is false)');

    ok(await acls(['--add', '--allow-principal', 'User:alice', '--operation', 'Read', '--topic', TOPIC]));
    ok(await acls(['--add', '--deny-principal', 'User:alice', '--operation', 'Write', '--resource-pattern-type', 'prefixed', '--topic', 'acl-']));
    assert.equal(await aliceFetch(), ErrorCode.NONE);

    const listed = ok(await acls(['--list', '--topic', TOPIC]));
    assert.match(listed.stdout, new RegExp(`ResourcePattern\\(resourceType=TOPIC, name=${TOPIC}, patternType=LITERAL\\)`), describeRun(listed));
    assert.match(listed.stdout, /\(principal=User:alice, host=\*, operation=READ, permissionType=ALLOW\)/, describeRun(listed));
    const matching = ok(await acls(['--list', '--topic', TOPIC, '--resource-pattern-type', 'match']));
    assert.match(matching.stdout, /name=acl-, patternType=PREFIXED/, describeRun(matching));
    assert.match(matching.stdout, /\(principal=User:alice, host=\*, operation=WRITE, permissionType=DENY\)/, describeRun(matching));

    ok(await acls(['--remove', '--force', '--allow-principal', 'User:alice', '--operation', 'Read', '--topic', TOPIC]));
    assert.equal(await aliceFetch(), ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    const remaining = ok(await acls(['--list']));
    assert.doesNotMatch(remaining.stdout, /operation=READ/, describeRun(remaining));
    assert.match(remaining.stdout, /operation=WRITE, permissionType=DENY/, describeRun(remaining));
  }),
);

async function createTopicAsAdmin(): Promise<void> {
  const c = await RawClient.connect(broker.port);
  try {
    await c.request(SaslHandshake, 1, { mechanism: 'PLAIN' });
    assert.equal((await c.request(SaslAuthenticate, 2, { authBytes: Buffer.from(`\0admin\0${USERS.admin}`) })).errorCode, ErrorCode.NONE);
    const r = await c.request(CreateTopics, 4, { topics: [{ name: TOPIC, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false });
    assert.equal(r.topics[0]!.errorCode, ErrorCode.NONE);
  } finally {
    c.close();
  }
}
