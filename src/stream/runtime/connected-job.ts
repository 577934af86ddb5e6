import { Admin, Fetcher, GroupSession } from '../../client/index.js';
import type { Logger } from '../../log.js';
import type { Plan } from '../topology/plan.js';
import type { Topology } from '../topology/topology.js';
import { allTasks, taskAssignor, taskName } from './assignor.js';
import { MetricsPublisher } from './metrics-publisher.js';
import type { ResolvedOptions } from './options.js';
import { Output } from './output.js';
import { planOnBroker } from './topics.js';

interface Closable {
  close(): Promise<void>;
}

/**
 * What a running job holds on the broker, built whole: the plan (made against the
 * broker's partition counts), the admin client, the output, the fetcher, the metrics
 * publisher (none when the job publishes no metrics) and the joined group session.
 */
export class ConnectedJob {
  private constructor(
    readonly plan: Plan,
    readonly admin: Admin,
    readonly output: Output,
    readonly fetcher: Fetcher,
    readonly publisher: MetricsPublisher | null,
    readonly session: GroupSession,
  ) {}

  /** Plans the topology on the broker and joins the group; what was opened is closed again if a step fails. */
  static async open(topology: Topology, options: ResolvedOptions, logger: Logger): Promise<ConnectedJob> {
    const { bootstrap, applicationId, job } = options;
    const clientId = `streamdash-${job}`;
    const opened: Closable[] = [];
    const track = <T extends Closable>(client: T): T => {
      opened.push(client);
      return client;
    };
    try {
      const admin = track(new Admin(bootstrap, `${clientId}-admin`));
      const plan = await planOnBroker(admin, topology, { applicationId, fuseSinglePartition: options.fuseSinglePartition }, logger);
      const exactlyOnce = options.processingGuarantee === 'exactly_once_v2';
      // One producer per instance, as Kafka Streams' eos-v2; a restart with the same instance id fences the one before it at once.
      const output = track(new Output(bootstrap, `${clientId}-producer`, exactlyOnce ? `${applicationId}-${options.instanceId}` : undefined));
      const fetcher = track(new Fetcher(bootstrap, { clientId, maxBytes: options.fetchMaxBytes, isolation: exactlyOnce ? 'read_committed' : 'read_uncommitted' }));
      const publisher = options.metricsTopic === null ? null : track(new MetricsPublisher(bootstrap, options.metricsTopic, applicationId, logger));
      logger.info({ applicationId, tasks: allTasks(plan).map(taskName), internalTopics: plan.internalTopics.map((t) => t.name) }, 'joining the group');
      const session = await GroupSession.join(bootstrap, {
        clientId,
        groupId: applicationId,
        topics: plan.subtopologies.flatMap((s) => s.inputTopics),
        assignor: taskAssignor(plan),
        sessionTimeoutMs: options.sessionTimeoutMs,
        heartbeatIntervalMs: options.heartbeatIntervalMs,
      });
      return new ConnectedJob(plan, admin, output, fetcher, publisher, session);
    } catch (error) {
      await Promise.allSettled(opened.map((c) => c.close()));
      throw error;
    }
  }

  /** Leaves the group and closes every client; resolves with the failures to close, to be logged. */
  async close(): Promise<unknown[]> {
    const clients: Closable[] = [this.session, this.fetcher, this.output, this.admin, ...(this.publisher === null ? [] : [this.publisher])];
    const results = await Promise.allSettled(clients.map((c) => c.close()));
    return results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  }
}
