import type { Logger } from '../../log.js';
import type { TopicRegistry } from '../topics.js';
import { KafkaSync } from './kafka-sync.js';
import { startZooKeeperFacade, type ZooKeeperFacade } from './server.js';

export type KafkaZooKeeper = ZooKeeperFacade;

export interface KafkaZooKeeperOptions {
  host: string;
  advertisedHost: string;
  port: number;
  kafkaPort: number;
  dataDir: string;
  topics: TopicRegistry;
  nodeId: number;
  clusterId: string;
  logger: Logger;
}

/** The broker's ZooKeeper facade: the protocol server plus the znodes kept in step with the broker's topics. */
export async function startKafkaZooKeeper(o: KafkaZooKeeperOptions): Promise<KafkaZooKeeper> {
  const logger = o.logger.child({ component: 'zookeeper' });
  const facade = await startZooKeeperFacade({ host: o.host, port: o.port, dataDir: o.dataDir, logger });
  try {
    new KafkaSync({ tree: facade.tree, topics: o.topics, nodeId: o.nodeId, clusterId: o.clusterId, host: o.advertisedHost, port: o.kafkaPort, logger }).start();
  } catch (err) {
    await facade.close();
    throw err;
  }
  return facade;
}
