// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { KAFKA_VERSION, startJava, type PeerEvent, type RunningJava } from '../helpers/java-peers.js';
import { produce } from '../helpers/produce.js';
import { coordinatorReady, createTopic, describeGroup } from '../broker/groups/raw-group.js';

// Static membership (KIP-345) with kafka-clients 4.4: a consumer with group.instance.id is
// killed with kill -9 and started again. Its old member is still in the group (the session
// has not timed out), so the broker must hand the returning instance the same assignment at
// once, without a rebalance that waits out the session: consuming again within 10 s (a third of its 30 s session) of the
// restart (issue 20's fast-recovery target), JVM start included.
const PEER: Peer = { client: 'kafka-clients', version: KAFKA_VERSION };
const RESUME_WITHIN_MS = 10_000;

/** A ConsumerPeer subscribed as static member `instance`, left running. */
function staticConsumer(bootstrap: string, topic: string, group: string, instance: string): RunningJava {
  return startJava('streamdash.peers.ConsumerPeer', ['--bootstrap', bootstrap, '--topic', topic, '--group', group, '--mode', 'subscribe', '--count', '1000000', '--timeout-ms', '60000', '--config', `group.instance.id=${instance}`, '--config', 'session.timeout.ms=30000']);
}

/** The first event of kind `event` the peer printed (waiting for it if need be). */
const first = async (peer: RunningJava, event: string): Promise<PeerEvent> => (await peer.waitFor(event))[0]!;

test('Java kafka-clients 4.4 static member: killed with kill -9 and restarted, it consumes again well inside its session timeout', { timeout: 180_000 }, async (t) => {
  const broker = await inProcessBroker();
  const running: RunningJava[] = [];
  try {
    await coordinatorReady(broker.port);
    const topic = 'static-member';
    await createTopic(broker.port, topic, 2);
    for (const p of [0, 1]) await produce(broker.bootstrap, topic, Array.from({ length: 20 }, (_, i) => `v${p}-${i}`), p);

    await checkCapability(PEER, 'groups', async () => {
      const before = staticConsumer(broker.bootstrap, topic, 'static-group', 'instance-1');
      running.push(before);
      assert.deepEqual(((await first(before, 'assigned')).partitions as number[]).sort(), [0, 1]);
      await first(before, 'record');
      await before.stop('SIGKILL');

      const restartedAt = Date.now();
      const after = staticConsumer(broker.bootstrap, topic, 'static-group', 'instance-1');
      running.push(after);
      await first(after, 'record');
      const resumedMs = Date.now() - restartedAt;
      t.diagnostic(`consuming again ${resumedMs} ms after the restart`);
      assert.ok(resumedMs < RESUME_WITHIN_MS, `the restarted static member took ${resumedMs} ms to consume again`);
      assert.deepEqual(((await first(after, 'assigned')).partitions as number[]).sort(), [0, 1], 'the same assignment');
      const d = await describeGroup(broker.port, 'static-group');
      assert.equal(d.groupState, 'Stable');
      assert.deepEqual(d.members.map((m: { groupInstanceId: string | null }) => m.groupInstanceId), ['instance-1'], 'one member: the returning instance replaced the killed one');
    });
  } finally {
    for (const peer of running) await peer.stop('SIGKILL');
    await broker.stop();
  }
});
