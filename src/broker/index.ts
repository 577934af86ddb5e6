import { mkdirSync } from 'node:fs';
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
import { bindListener, type BoundListener } from './listener-server.js';
import type { SecurityProtocol } from './listeners.js';
import { Access } from './acl/access.js';
import { saslSettings } from './security/sasl-settings.js';
import { ConnectionLimits } from './connection-limits.js';
import { WarningLog } from './warning-log.js';

export type { BrokerOptions } from './config.js';
export { BROKER_DEFAULTS } from './config.js';
export { DataDirLockedError } from './data-dir-lock.js';
export { UsersFileError } from './security/users-file.js';
export { AclsFileError } from './acl/acl-store.js';
export type { AuthorizerOptions } from './config.js';
export { ListenerConfigError, type ListenerOptions, type SecurityProtocol } from './listeners.js';
export type { TlsOptions } from './security/tls.js';

/** One listener as bound: its protocol and the address a client connects to. */
export interface BrokerListener {
  readonly name: string;
  readonly protocol: SecurityProtocol;
  /** The advertised host. */
  readonly host: string;
  /** The port bound. */
  readonly port: number;
  readonly bootstrap: string;
}

export interface Broker {
  /** The first listener's advertised host, port and bootstrap. */
  readonly host: string;
  readonly port: number;
  /** `host:port`, ready for any client's bootstrap setting. */
  readonly bootstrap: string;
  /** Every listener, in the order given. */
  readonly listeners: readonly BrokerListener[];
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
  let access: Access;
  try {
    access = options.authorizer ? Access.withAcls(options.dataDir, options.authorizer) : Access.open();
    topics = new TopicRegistry(options.dataDir, new BrokerConfigs(options.dataDir, options, logger), { flushMessages: options.flushMessages, flushMs: options.flushMs }, logger);
    producers = new IdempotentProducers(options.dataDir, logger);
  } catch (err) {
    unlock();
    throw err;
  }
  const waiters = new FetchWaiters();
  const apis = advertisedVersions();
  const bound: BoundListener[] = [];
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
    warnings: new WarningLog(logger, options.warningLogWindowMs),
    access,
    nodeId: NODE_ID,
    clusterId: CLUSTER_ID,
    listeners: () => bound,
    apiVersions: () => apis,
  };
  const limits = new ConnectionLimits(options.maxConnectionsPerIp, new Map(Object.entries(options.maxConnectionsPerIpOverrides)), ctx.warnings);
  const closeServers = () => Promise.all(bound.map((l) => new Promise<void>((resolve) => l.server.close(() => resolve()))));
  try {
    for (const l of options.listeners) {
      bound.push(
        await bindListener(l, { tls: options.tls, sasl, warnings: ctx.warnings, limits }, logger, (socket, listener) => {
          const c = new Connection(socket, ctx, listener);
          connections.add(c);
          socket.on('close', () => connections.delete(c));
        }),
      );
    }
  } catch (err) {
    await closeServers();
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
  const port = bound[0]!.port;
  let zookeeper: KafkaZooKeeper | undefined;
  if (options.zookeeperPort !== undefined) {
    try {
      zookeeper = await startKafkaZooKeeper({ ...options, port: options.zookeeperPort, kafkaPort: port, topics, nodeId: NODE_ID, clusterId: CLUSTER_ID, logger });
      groups.useLegacyGroups(new ZooKeeperConsumerGroups(zookeeper.tree));
    } catch (err) {
      await closeServers();
      await cleaner.stop();
      topics.close();
      unlock();
      throw err;
    }
  }
  const listeners: BrokerListener[] = bound.map((l) => {
    const { host } = l.advertised();
    return { name: l.name, protocol: l.protocol, host, port: l.port, bootstrap: `${host}:${l.port}` };
  });
  for (const l of bound) {
    logger.info({ listener: l.name, host: l.host, port: l.port, protocol: l.protocol, advertised: l.advertised(), dataDir: options.dataDir, topics: topics.all().length }, `broker listening on ${l.host}:${l.port} (${l.protocol})`);
  }

  let closing: Promise<void> | undefined;
  return {
    host: options.advertisedHost,
    port,
    bootstrap: `${options.advertisedHost}:${port}`,
    listeners,
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
        void closeServers().then(() => resolve());
        for (const c of connections) c.close();
        ctx.waiters.wakeAll();
      })
        // The logs close only once no clean works on them.
        .then(() => cleanerStopped)
        .then(() => {
          ctx.warnings.close();
          topics.close();
          unlock();
          logger.info('broker stopped; logs flushed');
        });
      return closing;
    },
  };
}
