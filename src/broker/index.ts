import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { silentLogger } from '../log.js';
import { resolveBrokerOptions, type BrokerOptions } from './config.js';
import { LogCleaner } from './cleaner/log-cleaner.js';
import { BrokerConfigs } from './configs/broker-configs.js';
import { Connection } from './connection.js';
import { lockDataDir } from './data-dir-lock.js';
import { FetchWaiters } from './fetch-waiters.js';
import { GroupCoordinator } from './groups/coordinator.js';
import { advertisedVersions } from './handlers/index.js';
import type { BrokerContext } from './handlers/types.js';
import { IdempotentProducers } from './producers/idempotent-producers.js';
import { TopicRegistry } from './topics.js';
import { TransactionCoordinator } from './txn/txn-coordinator.js';
import { TxnPartitions } from './txn/txn-partitions.js';
import { ZooKeeperConsumerGroups } from './zookeeper/consumer-groups.js';
import { startKafkaZooKeeper, type KafkaZooKeeper } from './zookeeper/index.js';
import { listen } from './listen.js';
import { saslSettings } from './security/sasl-settings.js';

export type { BrokerOptions } from './config.js';
export { BROKER_DEFAULTS } from './config.js';
export { DataDirLockedError } from './data-dir-lock.js';
export { UsersFileError } from './security/users-file.js';

export interface Broker {
  readonly host: string;
  readonly port: number;
  /** `host:port`, ready for any client's bootstrap setting. */
  readonly bootstrap: string;
  readonly dataDir: string;
  /** The ZooKeeper facade, when `zookeeperPort` asked for one. */
  readonly zookeeper: KafkaZooKeeper | undefined;
  /** Stops accepting, closes every connection, flushes and closes the logs. */
  close(): Promise<void>;
}

const NODE_ID = 1;
const CLUSTER_ID = 'streamdash-embedded';
/** How often open transactions are checked against their timeout (Kafka's transaction.abort.timed.out.transaction.cleanup.interval.ms is 10 s). */
const TXN_TIMEOUT_CHECK_MS = 2000;

/** Starts the embedded single-node broker; resolves once it accepts connections. */
export async function startBroker(opts: BrokerOptions): Promise<Broker> {
  const logger = opts.logger ?? silentLogger;
  const options = resolveBrokerOptions(opts, logger);
  const sasl = options.sasl && saslSettings(options.sasl, logger);
  mkdirSync(options.dataDir, { recursive: true });
  const unlock = lockDataDir(options.dataDir);
  let topics: TopicRegistry;
  let producers: IdempotentProducers;
  try {
    topics = new TopicRegistry(options.dataDir, new BrokerConfigs(options.dataDir, options, logger), { flushMessages: options.flushMessages, flushMs: options.flushMs }, logger);
    producers = new IdempotentProducers(options.dataDir, logger);
  } catch (err) {
    unlock();
    throw err;
  }
  const waiters = new FetchWaiters();
  const apis = advertisedVersions();
  const server = createServer();
  const connections = new Set<Connection>();
  const groups = new GroupCoordinator(topics, waiters, options, logger);
  const txnPartitions = new TxnPartitions();
  let txn: TransactionCoordinator;
  try {
    txn = new TransactionCoordinator({ dataDir: options.dataDir, fsync: options.fsyncOnAck, topics, partitions: txnPartitions, producers, groups, waiters, logger });
  } catch (err) {
    topics.close();
    unlock();
    throw err;
  }
  const ctx: BrokerContext = {
    options,
    topics,
    waiters,
    groups,
    producers,
    txn,
    txnPartitions,
    logger,
    sasl,
    nodeId: NODE_ID,
    clusterId: CLUSTER_ID,
    port: () => (server.address() as AddressInfo).port,
    apiVersions: () => apis,
  };
  server.on('connection', (socket) => {
    const c = new Connection(socket, ctx);
    connections.add(c);
    socket.on('close', () => connections.delete(c));
  });
  try {
    await listen(server, options.port, options.host);
  } catch (err) {
    topics.close();
    unlock();
    throw err;
  }
  // Groups load in the background; until then group requests are answered COORDINATOR_LOAD_IN_PROGRESS.
  // A transaction decided before a crash is finished once the groups are loaded, since its offsets go there.
  void ctx.groups.start().then(() => txn.recover());
  const housekeeping = setInterval(() => topics.housekeeping(Date.now()), options.housekeepingIntervalMs);
  housekeeping.unref();
  const txnTimeouts = setInterval(() => txn.abortExpired(Date.now()), TXN_TIMEOUT_CHECK_MS);
  txnTimeouts.unref();
  const cleaner = new LogCleaner({ topics, txnPartitions, logger, backoffMs: options.logCleanerBackoffMs });
  if (options.logCleanerEnable) cleaner.start();
  const port = ctx.port();
  let zookeeper: KafkaZooKeeper | undefined;
  if (options.zookeeperPort !== undefined) {
    try {
      zookeeper = await startKafkaZooKeeper({ ...options, port: options.zookeeperPort, kafkaPort: port, topics, nodeId: NODE_ID, clusterId: CLUSTER_ID, logger });
      groups.useLegacyGroups(new ZooKeeperConsumerGroups(zookeeper.tree));
    } catch (err) {
      server.close();
      await cleaner.stop();
      topics.close();
      unlock();
      throw err;
    }
  }
  const protocol = sasl ? 'SASL_PLAINTEXT' : 'PLAINTEXT';
  logger.info({ host: options.host, port, protocol, dataDir: options.dataDir, topics: topics.all().length }, `broker listening on ${options.host}:${port}`);

  let closing: Promise<void> | undefined;
  return {
    host: options.advertisedHost,
    port,
    bootstrap: `${options.advertisedHost}:${port}`,
    dataDir: options.dataDir,
    zookeeper,
    close() {
      // The cleaner is told first, so that a clean under way stops at its next slice.
      const cleanerStopped = cleaner.stop();
      closing ??= new Promise<void>((resolve) => {
        void zookeeper?.close();
        clearInterval(housekeeping);
        clearInterval(txnTimeouts);
        ctx.groups.close();
        server.close(() => resolve());
        for (const c of connections) c.close();
        ctx.waiters.wakeAll();
      })
        // The logs close only once no clean works on them.
        .then(() => cleanerStopped)
        .then(() => {
          topics.close();
          unlock();
          logger.info('broker stopped; logs flushed');
        });
      return closing;
    },
  };
}
