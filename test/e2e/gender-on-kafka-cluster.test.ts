// needs: peers/java, peers/m2
// alone: three Kafka JVMs and two job instances need the machine to themselves
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdmin } from '../../src/client/admin.js';
import { FindCoordinator } from '../../src/protocol/apis.js';
import type { KafkaRecord } from '../../src/protocol/records/record.js';
import { genderInput, reached, sumResults } from '../apps/gender/gender-results.js';
import { checkCapability } from '../helpers/compat-check.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { startKafkaCluster, type KafkaCluster } from '../helpers/kafka.js';
import { createTopics, producePaced } from '../helpers/produce.js';
import { RawClient } from '../helpers/raw-client.js';
import { waitForValue, within } from '../helpers/wait-for.js';
import { spawnJob, tasksAssigned, type JobProcess } from '../stream/runtime/job-process.js';

// The "outgrow one machine" path (issue 13): the gender job in two instances on a three-node
// Kafka 4.4 cluster, every topic (the job's internal ones too) replicated three times. A
// partition leader (of `result`, unless that node is the group's coordinator) is killed with
// kill -9 mid-run and started again; the jobs and the producer follow the leader change, and the
// per-window sums still equal the input exactly.

/** Every record of a topic, read from whichever node leads each partition now. */
async function readFromLeaders(cluster: KafkaCluster, topic: string, partitions = 1): Promise<KafkaRecord[]> {
  const admin = createAdmin(cluster.bootstrap, 'test-reader');
  try {
    const described = await admin.describeTopic(topic).catch(() => undefined);
    if (!described) return [];
    const out: KafkaRecord[] = [];
    for (let p = 0; p < partitions; p++) {
      const leader = cluster.nodes.find((n) => n.nodeId === described.partitions[p]?.leader);
      if (!leader) throw new Error(`${topic}-${p} has no leader among the running nodes`);
      out.push(...(await fetchAll(leader.port, topic, p)).records);
    }
    return out;
  } finally {
    await admin.close();
  }
}

/**
 * The node to kill: the leader of the first of `topics`' partitions whose leader is not the
 * coordinator of `group`. @platformatic/kafka 1.35, under src/client, keeps the group coordinator
 * it first found for good (consumer.js caches #coordinatorId) and crashes when that node leaves
 * the metadata, so a kill of the coordinator's node is not survived yet (issue 13; see
 * docs/compatibility.md); this test kills a partition leader that is not it.
 */
async function partitionLeaderNotCoordinator(cluster: KafkaCluster, topics: readonly string[], group: string): Promise<number> {
  const c = await RawClient.connect(cluster.nodes[0]!.port);
  const coordinator = await c.request(FindCoordinator, 1, { key: group, keyType: 0 }).finally(() => c.close());
  assert.equal(coordinator.errorCode, 0, `no coordinator for ${group}`);
  const admin = createAdmin(cluster.bootstrap, 'test-victim');
  try {
    for (const topic of topics) {
      for (const p of (await admin.describeTopic(topic)).partitions) if (p.leader !== coordinator.nodeId) return p.leader;
    }
  } finally {
    await admin.close();
  }
  throw new Error(`every partition of ${topics.join(', ')} is led by the coordinator of ${group}, node ${coordinator.nodeId}`);
}

test('gender on a three-node Kafka 4.4 cluster: two instances, a partition leader (of `result` where it can be) killed with kill -9 and restarted, sums exact', { timeout: 360_000 }, async () => {
  const cluster = await startKafkaCluster(3, { config: { 'default.replication.factor': '3', 'min.insync.replicas': '2' }, heapMb: 384 });
  const jobs: JobProcess[] = [];
  try {
    const part = { client: 'streamdash gender job (two instances) and idempotent producer', version: `${cluster.version}, 3 nodes, RF 3`, on: 'kafka' } as const;
    await checkCapability(part, 'a partition leader (not the group coordinator) killed with kill -9 and restarted: input written exactly once, window sums exact', async () => {
      const [input, output] = ['sex', 'result'];
      await createTopics(cluster.bootstrap, { [input]: 2, [output]: 1, 'gender-dead-letter': 1 });
      const admin = createAdmin(cluster.bootstrap, 'test-admin');
      const described = await admin.describeTopic(output);
      await admin.close();
      assert.equal(described.partitions[0]!.replicas.length, 3, 'the topic is replicated on all three nodes');

      const data = genderInput(13, 6000);
      const args = ['gender', '--bootstrap', cluster.bootstrap, '--checkpoint-interval', '1s', '--session-timeout', '6s', '--no-metrics-topic'];
      jobs.push(await spawnJob(args));
      await jobs[0]!.waitForLog(tasksAssigned());
      jobs.push(await spawnJob(args));
      await waitForValue('the two instances splitting the tasks', async () => jobs.map((j) => j.tasks().length), ([a, b]) => a! > 0 && b! > 0, { timeoutMs: 60_000, intervalMs: 250 });

      const progress = { sent: 0 };
      const producing = producePaced(cluster.bootstrap, input, data.values, 12_000, { idempotent: true }, progress);
      producing.catch(() => {}); // awaited below; a failure before that must not go unhandled
      await waitForValue('the first windows', () => readFromLeaders(cluster, output), (r) => r.length >= 3, { timeoutMs: 60_000, intervalMs: 500 });
      const victim = await partitionLeaderNotCoordinator(cluster, ['result', 'sex'], 'gender');
      await cluster.kill(victim);
      await sleep(3000);
      await cluster.restart(victim);
      // Kafka's delivery.timeout.ms (120 s) bounds every retry; past that the producer is stuck, and the test says where.
      await within(producing, 150_000, () => `the paced producer had ${progress.sent} of ${data.values.length} values acknowledged 150 s after the restart`);
      assert.equal((await readFromLeaders(cluster, input, 2)).length, data.values.length, 'the idempotent producer retried through the leader change without a duplicate or a loss');

      const read = async () => sumResults(await readFromLeaders(cluster, output), 1000);
      await waitForValue(`sums reaching ${JSON.stringify(data.expected)}`, read, (sums) => reached(sums, data.expected), { timeoutMs: 90_000, intervalMs: 500 }).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${jobs.map((j, i) => `instance ${i}:\n${j.output().slice(-3000)}`).join('\n')}`);
      });
      // Past further checkpoints and windows: a record counted twice would show up now.
      await sleep(3000);
      assert.deepEqual(await read(), data.expected);
    });
    for (const job of jobs) assert.equal(await job.stop('SIGTERM'), 0, job.output());
  } finally {
    for (const job of jobs) await job.stop('SIGKILL');
    await cluster.stop();
  }
});
