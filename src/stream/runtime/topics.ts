import { UnknownTopicError, type Admin } from '../../client/index.js';
import type { Logger } from '../../log.js';
import type { Plan } from '../topology/plan.js';
import type { Topology } from '../topology/topology.js';
import { InternalTopicMismatchError } from './errors.js';

/**
 * Changelog records are the only copy of the state: compacted, never deleted by age (retention.ms
 * stays -1 should the policy become compact,delete). Compaction keeps the latest record of each
 * key, and the keys are built for it (changelog-owner.ts), so a restore reads the state, not its history.
 */
const CHANGELOG_CONFIGS: Readonly<Record<string, string>> = { 'retention.ms': '-1', 'cleanup.policy': 'compact' };

export interface PlanSetup {
  readonly applicationId: string;
  readonly fuseSinglePartition: boolean;
}

/**
 * Plans the topology against the broker: reads the partition counts of the input topics
 * (creating missing ones with the broker's default count, as auto-creation would on the
 * first produce), then creates the internal topics the plan needs.
 */
export async function planOnBroker(admin: Admin, topology: Topology, setup: PlanSetup, logger: Logger): Promise<Plan> {
  const inputs = [...new Set(topology.subtopologies.flatMap((s) => s.sources.filter((t) => !t.internal).map((t) => t.topic)))];
  const counts = new Map<string, number>();
  for (const topic of inputs) counts.set(topic, await partitionsOf(admin, topic, {}, logger));
  const plan = topology.plan({
    applicationId: setup.applicationId,
    partitions: (topic) => counts.get(topic)!,
    fuseSinglePartition: setup.fuseSinglePartition,
  });
  for (const internal of plan.internalTopics) {
    const configs = internal.purpose === 'changelog' ? CHANGELOG_CONFIGS : {};
    const actual = await partitionsOf(admin, internal.name, configs, logger, internal.partitions);
    if (actual !== internal.partitions) throw new InternalTopicMismatchError(internal.name, internal.partitions, actual);
  }
  return plan;
}

async function partitionsOf(
  admin: Admin,
  topic: string,
  configs: Readonly<Record<string, string>>,
  logger: Logger,
  partitions?: number,
): Promise<number> {
  try {
    return (await admin.describeTopic(topic)).partitions.length;
  } catch (error) {
    if (!(error instanceof UnknownTopicError)) throw error;
  }
  try {
    await admin.createTopic(topic, { configs, ...(partitions !== undefined && { partitions }) });
    logger.info({ topic, partitions: partitions ?? 'broker default' }, 'created missing topic');
  } catch (error) {
    // Another instance of the job may have created it a moment ago; the description below settles it.
    logger.debug({ topic, err: error }, 'topic creation failed; describing it again');
  }
  return (await admin.describeTopic(topic)).partitions.length;
}
