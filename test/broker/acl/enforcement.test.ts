import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import kafkajs, { Kafka, logLevel, type Admin } from 'kafkajs';
import { Fetch, InitProducerId, JoinGroup, Metadata, SaslAuthenticate, SaslHandshake } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { decodeRecordBatches } from '../../../src/protocol/records/record-batch.js';
import { startBroker, type Broker, type BrokerOptions } from '../../../src/broker/index.js';
import { fetchRequest, NO_RECORDS } from '../../helpers/fetch-all.js';
import { RawClient } from '../../helpers/raw-client.js';
import { tempDir } from '../../helpers/broker.js';

// kafkajs is CommonJS: its enums are properties of the module, not named exports.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
type AclResourceTypes = kafkajs.AclResourceTypes;
type AclOperationTypes = kafkajs.AclOperationTypes;

// Users with SASL PLAIN on a broker with the ACL authorizer: each may do only what its ACLs allow,
// with Kafka's authorization errors; the ACLs outlive a restart.
const USERS = { admin: 'admin-pw', alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' };
type User = keyof typeof USERS;
const dataDir = tempDir('streamdash-acl-broker-');
const options = (): BrokerOptions => ({ port: 0, dataDir, sasl: { users: USERS }, authorizer: { superUsers: ['User:admin'] } });
let broker: Broker;

const kafka = (user: User) =>
  new Kafka({ brokers: [broker.bootstrap], clientId: `acl-${user}`, logLevel: logLevel.NOTHING, sasl: { mechanism: 'plain', username: user, password: USERS[user] }, retry: { retries: 0 } });

async function asAdmin<T>(fn: (a: Admin) => Promise<T>): Promise<T> {
  const a = kafka('admin').admin();
  await a.connect();
  try {
    return await fn(a);
  } finally {
    await a.disconnect();
  }
}

const allow = (resourceType: AclResourceTypes, resourceName: string, principal: string, operation: AclOperationTypes) => ({
  resourceType,
  resourceName,
  resourcePatternType: ResourcePatternTypes.LITERAL,
  principal,
  host: '*',
  operation,
  permissionType: AclPermissionTypes.ALLOW,
});

/** A raw connection logged in with SASL PLAIN, for exact error codes. */
async function rawAs(user: User): Promise<RawClient> {
  const c = await RawClient.connect(broker.port);
  await c.request(SaslHandshake, 1, { mechanism: 'PLAIN' });
  const auth = await c.request(SaslAuthenticate, 2, { authBytes: Buffer.from(`\0${user}\0${USERS[user]}`) });
  assert.equal(auth.errorCode, ErrorCode.NONE);
  return c;
}

async function fetchCode(user: User, topic: string): Promise<{ errorCode: number; records: number }> {
  const c = await rawAs(user);
  try {
    const p = (await c.request(Fetch, 12, fetchRequest(topic, 0, 0))).responses[0]!.partitions[0]!;
    return { errorCode: p.errorCode, records: decodeRecordBatches(p.records ?? NO_RECORDS).reduce((n, b) => n + b.records.length, 0) };
  } finally {
    c.close();
  }
}

async function joinCode(user: User, groupId: string): Promise<number> {
  const c = await rawAs(user);
  try {
    const join = await c.request(JoinGroup, 6, { groupId, sessionTimeoutMs: 10000, rebalanceTimeoutMs: 10000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.alloc(0) }] });
    return join.errorCode;
  } finally {
    c.close();
  }
}

async function visibleTopics(user: User, names: string[] | null): Promise<{ name: string | null; errorCode: number }[]> {
  const c = await rawAs(user);
  try {
    const res = await c.request(Metadata, 9, { topics: names && names.map((name) => ({ name })), allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    return res.topics.map((t) => ({ name: t.name, errorCode: t.errorCode })).sort((a, b) => String(a.name).localeCompare(String(b.name)));
  } finally {
    c.close();
  }
}

async function produceAs(user: User, topic: string, value: string): Promise<string> {
  const p = kafka(user).producer({ allowAutoTopicCreation: false });
  await p.connect();
  try {
    await p.send({ topic, acks: -1, messages: [{ value }] });
    return 'ok';
  } catch (err) {
    // kafkajs fails a topic it may not describe before producing, with a message rather than a type.
    const e = err as { type?: string; message: string };
    return e.type ?? (e.message.startsWith('Not authorized to access topics') ? 'TOPIC_AUTHORIZATION_FAILED (metadata)' : e.message);
  } finally {
    await p.disconnect();
  }
}

before(async () => {
  broker = await startBroker(options());
  await asAdmin(async (a) => {
    await a.createTopics({ topics: [{ topic: 'orders' }, { topic: 'secret' }], waitForLeaders: true });
    await a.createAcls({
      acl: [
        allow(AclResourceTypes.TOPIC, 'orders', 'User:alice', AclOperationTypes.WRITE),
        allow(AclResourceTypes.TOPIC, 'orders', 'User:bob', AclOperationTypes.READ),
        allow(AclResourceTypes.GROUP, 'bobs', 'User:bob', AclOperationTypes.READ),
        allow(AclResourceTypes.TOPIC, 'orders', 'User:carol', AclOperationTypes.READ),
      ],
    });
  });
});

after(async () => {
  await broker.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('WRITE lets alice produce; bob, with READ only, gets TOPIC_AUTHORIZATION_FAILED', async () => {
  assert.equal(await produceAs('alice', 'orders', 'from alice'), 'ok');
  assert.equal(await produceAs('bob', 'orders', 'from bob'), 'TOPIC_AUTHORIZATION_FAILED');
  assert.equal(await produceAs('alice', 'secret', 'from alice'), 'TOPIC_AUTHORIZATION_FAILED (metadata)');
});

test('READ lets bob fetch what alice wrote; alice, with WRITE only, gets TOPIC_AUTHORIZATION_FAILED', async () => {
  assert.deepEqual(await fetchCode('bob', 'orders'), { errorCode: ErrorCode.NONE, records: 1 });
  assert.deepEqual(await fetchCode('alice', 'orders'), { errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, records: 0 });
  assert.deepEqual(await fetchCode('admin', 'orders'), { errorCode: ErrorCode.NONE, records: 1 });
});

test('bob consumes in his group with kafkajs; carol, with topic READ but no group READ, gets GROUP_AUTHORIZATION_FAILED on join', async () => {
  const consumer = kafka('bob').consumer({ groupId: 'bobs' });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    const got = await new Promise<string>((resolve) => void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) }));
    assert.equal(got, 'from alice');
  } finally {
    await consumer.disconnect();
  }
  assert.equal(await joinCode('carol', 'carols'), ErrorCode.GROUP_AUTHORIZATION_FAILED);
  assert.equal(await joinCode('carol', 'bobs'), ErrorCode.GROUP_AUTHORIZATION_FAILED);
  assert.equal(await joinCode('bob', 'bobs'), ErrorCode.MEMBER_ID_REQUIRED, 'allowed: the join goes on to its next step');
});

test('Metadata hides topics a user may not DESCRIBE when all are asked for, and answers TOPIC_AUTHORIZATION_FAILED for one named', async () => {
  assert.deepEqual(await visibleTopics('alice', null), [{ name: 'orders', errorCode: ErrorCode.NONE }]);
  assert.deepEqual(await visibleTopics('alice', ['orders', 'secret']), [
    { name: 'orders', errorCode: ErrorCode.NONE },
    { name: 'secret', errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED },
  ]);
  assert.deepEqual((await visibleTopics('admin', null)).map((t) => t.name), ['__consumer_offsets', 'orders', 'secret']);
});

test('InitProducerId: an idempotent producer needs WRITE on some topic (or IDEMPOTENT_WRITE), a transactional one WRITE on its id', async () => {
  const init = async (user: User, transactionalId: string | null) => {
    const c = await rawAs(user);
    try {
      return (await c.request(InitProducerId, 4, { transactionalId, transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 })).errorCode;
    } finally {
      c.close();
    }
  };
  assert.equal(await init('alice', null), ErrorCode.NONE);
  assert.equal(await init('carol', null), ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
  assert.equal(await init('alice', 'alice-txn'), ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
  assert.equal(await init('admin', 'admin-txn'), ErrorCode.NONE);
});

test('only a user with ALTER on the cluster may create ACLs; DescribeAcls needs DESCRIBE', async () => {
  const a = kafka('alice').admin();
  await a.connect();
  try {
    await assert.rejects(a.createAcls({ acl: [allow(AclResourceTypes.TOPIC, 'secret', 'User:alice', AclOperationTypes.READ)] }), (err: { type?: string }) => err.type === 'CLUSTER_AUTHORIZATION_FAILED');
    await assert.rejects(
      a.describeAcls({ resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY }),
      (err: { type?: string }) => err.type === 'CLUSTER_AUTHORIZATION_FAILED',
    );
  } finally {
    await a.disconnect();
  }
});

test('the ACLs survive a restart; deleting one takes the right away at once', async () => {
  await broker.close();
  broker = await startBroker(options());
  const described = await asAdmin((a) =>
    a.describeAcls({ resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY }),
  );
  const acls = described.resources.flatMap((r) => r.acls.map((x) => `${r.resourceType}:${r.resourceName}:${x.principal}:${x.operation}`)).sort();
  assert.deepEqual(acls, [
    `${AclResourceTypes.TOPIC}:orders:User:alice:${AclOperationTypes.WRITE}`,
    `${AclResourceTypes.TOPIC}:orders:User:bob:${AclOperationTypes.READ}`,
    `${AclResourceTypes.TOPIC}:orders:User:carol:${AclOperationTypes.READ}`,
    `${AclResourceTypes.GROUP}:bobs:User:bob:${AclOperationTypes.READ}`,
  ]);
  assert.equal(await produceAs('alice', 'orders', 'after restart'), 'ok');
  const deleted = await asAdmin((a) =>
    a.deleteAcls({ filters: [{ resourceType: AclResourceTypes.TOPIC, resourceName: 'orders', resourcePatternType: ResourcePatternTypes.LITERAL, principal: 'User:alice', operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY }] }),
  );
  assert.equal(deleted.filterResponses[0]!.matchingAcls.length, 1);
  assert.equal(await produceAs('alice', 'orders', 'after delete'), 'TOPIC_AUTHORIZATION_FAILED (metadata)', 'with WRITE gone, DESCRIBE (which it implied) is gone too');
});

test('without an authorizer every request is allowed and the ACL APIs answer SECURITY_DISABLED', async () => {
  const dir = tempDir('streamdash-acl-off-');
  const open = await startBroker({ port: 0, dataDir: dir, sasl: { users: USERS } });
  try {
    const a = new Kafka({ brokers: [open.bootstrap], logLevel: logLevel.NOTHING, sasl: { mechanism: 'plain', username: 'bob', password: USERS.bob }, retry: { retries: 0 } }).admin();
    await a.connect();
    try {
      await assert.rejects(a.createAcls({ acl: [allow(AclResourceTypes.TOPIC, 'x', 'User:bob', AclOperationTypes.READ)] }), (err: { type?: string }) => err.type === 'SECURITY_DISABLED');
      await a.createTopics({ topics: [{ topic: 'free' }] });
      assert.deepEqual(await a.listTopics(), ['free']);
    } finally {
      await a.disconnect();
    }
  } finally {
    await open.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
