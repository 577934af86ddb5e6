// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateAcls, CreateTopics, DeleteAcls, DescribeAcls, DescribeConfigs, Fetch, FindCoordinator, InitProducerId, JoinGroup, ListOffsets, Metadata, OffsetCommit, Produce } from '../../src/protocol/apis.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import type { RequestBody, ResponseBody } from '../../src/protocol/messages.js';
import { encodeRecordBatch } from '../../src/protocol/records/record-batch.js';
import type { ApiSpec } from '../../src/protocol/schema.js';
import { AclOperation, PatternType, Permission, ResourceType } from '../../src/broker/acl/acl-codes.js';
import { inProcessBroker } from '../helpers/broker.js';
import { fetchRequest } from '../helpers/fetch-all.js';
import { startKafka, type KafkaCluster } from '../helpers/kafka.js';
import { RawClient } from '../helpers/raw-client.js';

// The same ACLs on the embedded broker and on a real Kafka 4.4 with its StandardAuthorizer, both with
// allow.everyone.if.no.acl.found=true (so that Kafka's own node, User:ANONYMOUS on PLAINTEXT like every
// client here, keeps working) and DENY ACLs for User:ANONYMOUS on chosen resources: every API must
// answer the same authorization error codes, and DescribeAcls and DeleteAcls the same ACLs.
const ME = 'User:ANONYMOUS';
let ours: Awaited<ReturnType<typeof inProcessBroker>>;
let kafka: KafkaCluster;
let toOurs: RawClient;
let toKafka: RawClient;

before(async () => {
  [ours, kafka] = await Promise.all([
    inProcessBroker({ authorizer: { allowEveryoneIfNoAclFound: true } }),
    startKafka({ timeoutMs: 120_000, heapMb: 384, config: { 'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer', 'allow.everyone.if.no.acl.found': 'true' } }),
  ]);
  toOurs = await RawClient.connect(ours.port);
  toKafka = await RawClient.connect(kafka.nodes[0]!.port);
});
after(async () => {
  toOurs?.close();
  toKafka?.close();
  await Promise.all([ours?.stop(), kafka?.stop()]);
});

async function ask<S extends ApiSpec, V extends number>(api: S, version: V, body: RequestBody<S, V>): Promise<[ResponseBody<S, V>, ResponseBody<S, V>]> {
  return Promise.all([toOurs.request(api, version, body), toKafka.request(api, version, body)]);
}

/** Both answers of one case, by what the test picks of them; a difference fails naming the case. */
function same<T>(label: string, pair: readonly [T, T]): T {
  assert.deepEqual(pair[0], pair[1], `${label}: streamdash (actual) and Kafka 4.4 (expected) differ`);
  return pair[0];
}

const deny = (resourceType: number, resourceName: string, operation: number, patternType: number = PatternType.LITERAL) => ({
  resourceType,
  resourceName,
  resourcePatternType: patternType,
  principal: ME,
  host: '*',
  operation,
  permissionType: Permission.DENY,
});

async function settle(topics: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const md = await toKafka.request(Metadata, 9, { topics: topics.map((name) => ({ name })), allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    if (md.topics.every((t) => t.errorCode === ErrorCode.NONE && t.partitions.every((p) => p.leaderId >= 0))) return;
    if (Date.now() > deadline) throw new Error(`Kafka 4.4 has no leader for ${topics.join(', ')} after 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// A differential, as kafka-differential.test.ts: it records no compat row, since no peer client is under test.
test('with the same ACLs, streamdash answers the authorization errors Kafka 4.4 answers', { timeout: 300_000 }, async () => {
  const topics = ['open', 'no-read', 'no-write', 'hidden', 'no-configs'];
  const created = await ask(CreateTopics, 7, { topics: topics.map((name) => ({ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] })), timeoutMs: 10_000, validateOnly: false });
  same('CreateTopics', [created[0].topics.map((t) => t.errorCode), created[1].topics.map((t) => t.errorCode)]);
  await settle(topics);
  const acls = [
    deny(ResourceType.TOPIC, 'no-read', AclOperation.READ),
    deny(ResourceType.TOPIC, 'no-write', AclOperation.WRITE),
    deny(ResourceType.TOPIC, 'hidden', AclOperation.DESCRIBE),
    deny(ResourceType.TOPIC, 'no-configs', AclOperation.DESCRIBE_CONFIGS),
    deny(ResourceType.TOPIC, 'nc-', AclOperation.CREATE, PatternType.PREFIXED),
    deny(ResourceType.GROUP, 'no-group', AclOperation.READ),
    deny(ResourceType.TRANSACTIONAL_ID, 'no-txn', AclOperation.WRITE),
  ];
  const made = await ask(CreateAcls, 3, { creations: acls });
  same('CreateAcls', [made[0].results.map((r) => r.errorCode), made[1].results.map((r) => r.errorCode)]);
  // Kafka applies ACLs through its metadata log: wait until its DescribeAcls shows them all.
  const anyFilter = { resourceTypeFilter: ResourceType.ANY, resourceNameFilter: null, patternTypeFilter: PatternType.ANY, principalFilter: null, hostFilter: null, operation: AclOperation.ANY, permissionType: Permission.ANY };
  const describedNames = (r: ResponseBody<typeof DescribeAcls, 3>) => r.resources.flatMap((x) => x.acls.map((a) => `${x.resourceType}/${x.patternType}/${x.resourceName} ${a.principal} ${a.host} ${a.operation} ${a.permissionType}`)).sort();
  for (const deadline = Date.now() + 20_000; describedNames(await toKafka.request(DescribeAcls, 3, anyFilter)).length < acls.length; ) {
    if (Date.now() > deadline) throw new Error('Kafka 4.4 does not list the ACLs created after 20 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  const described = await ask(DescribeAcls, 3, anyFilter);
  same('DescribeAcls ANY', [describedNames(described[0]), describedNames(described[1])]);
  const matching = await ask(DescribeAcls, 3, { ...anyFilter, resourceTypeFilter: ResourceType.TOPIC, resourceNameFilter: 'nc-x', patternTypeFilter: PatternType.MATCH });
  same('DescribeAcls MATCH nc-x', [describedNames(matching[0]), describedNames(matching[1])]);
  const bad = await ask(CreateAcls, 3, { creations: [{ ...deny(ResourceType.TOPIC, 'x', AclOperation.READ), principal: 'alice' }, deny(ResourceType.ANY, 'x', AclOperation.READ)] });
  // A deliberate difference: Kafka 4.4 answers an ACL it cannot parse with UNKNOWN_SERVER_ERROR and no
  // message (its controller's IllegalArgumentException); streamdash says INVALID_REQUEST and what is wrong.
  assert.deepEqual(bad[1].results, [{ errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: null }, { errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: null }]);
  assert.deepEqual(bad[0].results.map((r) => r.errorCode), [ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST]);

  const batch = () => encodeRecordBatch({ records: [{ key: null, value: Buffer.from('v'), timestamp: 1_700_000_000_000, headers: [] }] });
  const produced = await ask(Produce, 9, { transactionalId: null, acks: -1, timeoutMs: 10_000, topicData: ['open', 'no-write', 'no-read'].map((name) => ({ name, partitionData: [{ index: 0, records: batch() }] })) });
  same('Produce', [produced[0].responses.map((t) => `${t.name} ${t.partitionResponses[0]!.errorCode}`).sort(), produced[1].responses.map((t) => `${t.name} ${t.partitionResponses[0]!.errorCode}`).sort()]);

  for (const topic of ['open', 'no-read', 'no-write']) {
    const fetched = await ask(Fetch, 12, fetchRequest(topic, 0, 0));
    same(`Fetch ${topic}`, [fetched[0].responses[0]!.partitions[0]!.errorCode, fetched[1].responses[0]!.partitions[0]!.errorCode]);
  }

  const metadataOf = (names: string[] | null, allowAutoTopicCreation = false) => ({ topics: names && names.map((name) => ({ name })), allowAutoTopicCreation, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
  const named = await ask(Metadata, 9, metadataOf(['open', 'hidden', 'not-there']));
  same('Metadata named', [named[0].topics.map((t) => `${t.name} ${t.errorCode}`), named[1].topics.map((t) => `${t.name} ${t.errorCode}`)]);
  const all = await ask(Metadata, 9, metadataOf(null));
  const userTopics = (r: ResponseBody<typeof Metadata, 9>) => r.topics.map((t) => t.name ?? '').filter((n) => !n.startsWith('__')).sort();
  same('Metadata all topics', [userTopics(all[0]), userTopics(all[1])]);
  const auto = await ask(Metadata, 9, metadataOf(['nc-auto'], true));
  same('Metadata auto-create denied', [auto[0].topics[0]!.errorCode, auto[1].topics[0]!.errorCode]);
  const createDenied = await ask(CreateTopics, 7, { topics: [{ name: 'nc-new', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 10_000, validateOnly: false });
  same('CreateTopics denied', [createDenied[0].topics[0]!.errorCode, createDenied[1].topics[0]!.errorCode]);

  const listed = await ask(ListOffsets, 5, { replicaId: -1, isolationLevel: 0, topics: ['open', 'hidden'].map((name) => ({ name, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 }] })) });
  same('ListOffsets', [listed[0].topics.map((t) => `${t.name} ${t.partitions[0]!.errorCode}`), listed[1].topics.map((t) => `${t.name} ${t.partitions[0]!.errorCode}`)]);

  const join = await ask(JoinGroup, 6, { groupId: 'no-group', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.alloc(0) }] });
  same('JoinGroup denied', [join[0].errorCode, join[1].errorCode]);
  // Kafka's group coordinator exists once __consumer_offsets does, which the first FindCoordinator creates.
  for (const deadline = Date.now() + 30_000; (await toKafka.request(FindCoordinator, 3, { key: 'open-group', keyType: 0 })).errorCode !== ErrorCode.NONE; ) {
    if (Date.now() > deadline) throw new Error('Kafka 4.4 has no group coordinator after 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const groupId of ['no-group', 'open-group']) {
    const committed = await ask(OffsetCommit, 8, { groupId, generationId: -1, memberId: '', groupInstanceId: null, topics: ['open', 'no-read'].map((name) => ({ name, partitions: [{ partitionIndex: 0, committedOffset: 0, committedLeaderEpoch: -1, committedMetadata: null }] })) });
    same(`OffsetCommit ${groupId}`, [committed[0].topics.map((t) => `${t.name} ${t.partitions[0]!.errorCode}`), committed[1].topics.map((t) => `${t.name} ${t.partitions[0]!.errorCode}`)]);
  }

  const init = await ask(InitProducerId, 4, { transactionalId: 'no-txn', transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 });
  same('InitProducerId denied', [init[0].errorCode, init[1].errorCode]);
  const configs = await ask(DescribeConfigs, 4, { resources: ['open', 'no-configs'].map((resourceName) => ({ resourceType: 2, resourceName, configurationKeys: ['cleanup.policy'] })), includeSynonyms: false, includeDocumentation: false });
  same('DescribeConfigs', [configs[0].results.map((r) => `${r.resourceName} ${r.errorCode}`), configs[1].results.map((r) => `${r.resourceName} ${r.errorCode}`)]);

  const removed = await ask(DeleteAcls, 3, { filters: [{ ...anyFilter, resourceTypeFilter: ResourceType.GROUP }] });
  same('DeleteAcls GROUP', [removed[0].filterResults.map((f) => [f.errorCode, f.matchingAcls.map((a) => a.resourceName)]), removed[1].filterResults.map((f) => [f.errorCode, f.matchingAcls.map((a) => a.resourceName)])]);
});
