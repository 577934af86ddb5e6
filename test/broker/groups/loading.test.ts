import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { BrokerConfigs } from '../../../src/broker/configs/broker-configs.js';
import { FetchWaiters } from '../../../src/broker/fetch-waiters.js';
import { GroupCoordinator } from '../../../src/broker/groups/coordinator.js';
import { OffsetsLog } from '../../../src/broker/groups/offsets-log.js';
import type { OffsetsLogEntry } from '../../../src/broker/groups/records.js';
import { TopicRegistry } from '../../../src/broker/topics.js';
import { silentLogger } from '../../../src/log.js';
import { FindCoordinator, JoinGroup, OffsetFetch } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { inProcessBroker, tempDir } from '../../helpers/broker.js';
import { RawClient } from '../../helpers/raw-client.js';
import { encodeSubscription } from './consumer-protocol.js';

const OPTIONS = { offsetsRetentionMs: 60_000, housekeepingIntervalMs: 60_000, fsyncOnAck: false, groupInitialRebalanceDelayMs: 0 };

test('until the offsets topic is loaded, each group API answers as Kafka does while loading', async () => {
  const dataDir = tempDir();
  const topics = new TopicRegistry(dataDir, new BrokerConfigs(dataDir), {}, silentLogger);
  const coordinator = new GroupCoordinator(topics, new FetchWaiters(), { dataDir, ...OPTIONS }, silentLogger);
  try {
    const join = {
      memberId: '',
      groupInstanceId: null,
      requireKnownMemberId: false,
      clientId: 'c',
      clientHost: '/127.0.0.1',
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: 10000,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    };
    assert.equal(coordinator.statusError(), ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    assert.equal((await coordinator.join('g', join)).errorCode, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    assert.equal((await coordinator.sync('g', { memberId: 'm', groupInstanceId: null, generationId: 1, assignments: [] })).errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
    assert.equal(coordinator.heartbeat('g', 'm', null, 1), ErrorCode.NONE, 'members keep their session while the coordinator loads');
    assert.equal(coordinator.commit('g', 'm', null, 1, []), ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    assert.equal(coordinator.fetchOffsets('g', null).errorCode, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    assert.equal(coordinator.describe('g').errorCode, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    assert.equal(coordinator.listGroups([]).errorCode, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);

    await coordinator.start();
    assert.equal(coordinator.statusError(), ErrorCode.NONE);
    const joined = await coordinator.join('g', join);
    assert.equal(joined.errorCode, ErrorCode.NONE);
    assert.equal(joined.generationId, 1);

    coordinator.close();
    assert.equal(coordinator.statusError(), ErrorCode.COORDINATOR_NOT_AVAILABLE, 'a stopping coordinator is not available');
  } finally {
    coordinator.close();
    topics.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a broker loading a large offsets topic answers FindCoordinator NOT_AVAILABLE and OffsetFetch LOAD_IN_PROGRESS, never a wrong offset', async () => {
  const dataDir = tempDir();
  try {
    const topics = new TopicRegistry(dataDir, new BrokerConfigs(dataDir), {}, silentLogger);
    const log = new OffsetsLog(dataDir, topics, new FetchWaiters(), false, silentLogger);
    const entries: OffsetsLogEntry[] = [];
    for (let i = 0; i < 200_000; i++) {
      entries.push({ kind: 'offset', key: { group: `g${i % 1000}`, topic: 't', partition: Math.floor(i / 1000) }, value: { offset: i, leaderEpoch: -1, metadata: '', commitTimestamp: Date.now() } });
    }
    log.append(entries);
    topics.close();

    const broker = await inProcessBroker({ dataDir });
    const c = await RawClient.connect(broker.port);
    try {
      let loadingAnswers = 0;
      for (;;) {
        const [coordinator, fetched] = await Promise.all([
          c.request(FindCoordinator, 4, { keyType: 0, coordinatorKeys: ['g7'] }),
          c.request(OffsetFetch, 8, { groups: [{ groupId: 'g7', topics: [{ name: 't', partitionIndexes: [199] }] }], requireStable: false }),
        ]);
        const g = fetched.groups[0];
        if (g.errorCode === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) {
          loadingAnswers++;
          assert.equal(coordinator.coordinators[0].errorCode, ErrorCode.COORDINATOR_NOT_AVAILABLE);
          continue;
        }
        assert.equal(g.errorCode, ErrorCode.NONE);
        assert.equal(g.topics[0].partitions[0].committedOffset, 199_007, 'the last value written for g7 t-199');
        if (coordinator.coordinators[0].errorCode === ErrorCode.NONE) break;
      }
      assert.ok(loadingAnswers > 0, 'the load of 200,000 records was observed');
      const join = await c.request(JoinGroup, 6, {
        groupId: 'g7',
        sessionTimeoutMs: 10000,
        rebalanceTimeoutMs: 10000,
        memberId: '',
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: encodeSubscription(['t']) }],
      });
      assert.equal(join.errorCode, ErrorCode.MEMBER_ID_REQUIRED, 'served once loaded');
    } finally {
      c.close();
      await broker.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
