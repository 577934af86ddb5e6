import type { Admin } from '../../client/index.js';
import type { ClusterView } from '../system/cluster-view.js';
import type { TopicSummary } from './topics.js';

export interface BrokerOverview {
  nodeId: number;
  host: string;
  port: number;
  controller: boolean;
  /** Its `listeners` and `advertised.listeners` configs; null where the broker does not reveal them. */
  listeners: string | null;
  advertisedListeners: string | null;
  logDirs: { path: string; bytes: number; totalBytes: number | null; usableBytes: number | null }[];
}

export interface Overview {
  bootstrap: string;
  clusterId: string;
  brokers: BrokerOverview[];
  /** The APIs the broker speaks with their highest versions: Kafka's protocol has no software version to ask for. */
  apis: { name: string; maxVersion: number }[];
  topicCount: number;
  partitionCount: number;
  /** Records a second in and out of each topic over the dashboard's last poll of the broker (out: what groups committed past). */
  throughput: { topic: string; inPerSec: number | null; outPerSec: number | null }[];
}

/** The console's overview: the cluster and its brokers with their listeners and disks, through src/client alone, so it reads any Kafka. */
export async function readOverview(admin: Admin, bootstrap: string, topics: readonly TopicSummary[], cluster: ClusterView): Promise<Overview> {
  const described = await admin.describeCluster();
  const dirs = await admin.logDirs(new Map(topics.map((t) => [t.name, t.partitions.length])));
  const brokers = await Promise.all(
    described.brokers.map(async (b) => {
      const configs = await admin.brokerConfigs(b.nodeId);
      return {
        ...b,
        controller: b.nodeId === described.controllerId,
        listeners: configs.get('listeners') ?? null,
        advertisedListeners: configs.get('advertised.listeners') ?? null,
        logDirs: dirs
          .filter((d) => d.broker === b.nodeId)
          .map((d) => ({ path: d.path, bytes: [...d.topicBytes.values()].reduce((n, x) => n + x, 0), totalBytes: d.totalBytes, usableBytes: d.usableBytes })),
      };
    }),
  );
  return {
    bootstrap,
    clusterId: described.clusterId,
    brokers,
    apis: described.apis,
    topicCount: topics.length,
    partitionCount: topics.reduce((s, t) => s + t.partitions.length, 0),
    throughput: cluster.topics.map((t) => ({ topic: t.name, inPerSec: t.inPerSec, outPerSec: t.outPerSec })),
  };
}
