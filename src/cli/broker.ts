import { InvalidArgumentError, type Command } from 'commander';
import { AclsFileError, BROKER_DEFAULTS, ListenerConfigError, startBroker, UsersFileError, type Broker, type BrokerOptions } from '../broker/index.js';
import { listenersFromLists, parseListenerList, parseProtocolMap } from '../broker/listeners.js';
import { parseConnectionOverrides } from '../broker/connection-limits.js';
import { CLIENT_AUTH_MODES, type ClientAuth } from '../broker/security/tls.js';
import { mechanismList, SASL_MECHANISMS, type SaslMechanism } from '../broker/security/mechanism.js';
import { closeOnInterrupt } from '../apps/interrupt.js';
import type { Logger } from '../log.js';
import { loggerFor, parseIntOption } from './options.js';
import { AuthorizerConfigError, parseAuthorizer, parseSuperUsers } from '../broker/acl/authorizer-config.js';
import { readServerProperties, ServerPropertiesError, type ListenerFlags, type ServerPropertiesFlags } from './server-properties.js';
import { PropertiesSyntaxError } from '../agent/config/properties.js';

export const DEFAULT_DATA_DIR = './streamdash-data';
/** A --config the broker cannot follow: exit 2, as a bad agent configuration does. */
const EXIT_BAD_CONFIG = 2;

interface BrokerFlags extends ListenerFlags {
  host: string;
  port: number;
  advertisedHost?: string;
  dataDir: string;
  partitions: number;
  autoCreate: boolean;
  retentionMs?: number;
  retentionBytes?: number;
  segmentBytes?: number;
  segmentMs?: number;
  flushMessages?: number;
  flushMs?: number;
  fsyncOnAck: boolean;
  maxRequestBytes: number;
  offsetsRetentionMs?: number;
  zookeeperPort?: number;
  groupInitialRebalanceDelayMs: number;
  logCleanerBackoffMs: number;
  logCleanerEnable?: boolean;
  staticConfigs?: Record<string, string>;
  config?: string;
  /** A server.properties listener of SASL_PLAINTEXT: start only with SASL on. */
  saslRequired?: boolean;
  saslUsersFile?: string;
  saslUser: Record<string, string>;
  saslMechanisms?: SaslMechanism[];
  saslReauthMs?: number;
  maxConnectionsPerIp?: number;
  maxConnectionsPerIpOverrides?: Record<string, number>;
  authorizer?: string;
  superUsers?: string[];
  allowEveryoneIfNoAclFound?: boolean;
}

function parseClientAuth(value: string): ClientAuth {
  const mode = CLIENT_AUTH_MODES.find((m) => m === value.toLowerCase());
  if (mode === undefined) throw new InvalidArgumentError(`--tls-client-auth: choose among ${CLIENT_AUTH_MODES.join(', ')}, got "${value}"`);
  return mode;
}

/** `--sasl-user NAME:PASSWORD`, repeatable, collected into one name → password record. */
function collectSaslUser(value: string, users: Record<string, string>): Record<string, string> {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new InvalidArgumentError(`--sasl-user takes NAME:PASSWORD, got "${value}"`);
  return { ...users, [value.slice(0, colon)]: value.slice(colon + 1) };
}

/** A flag's parser error as commander reports it (exit 1 with the flag's message). */
function parseFlag<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof AuthorizerConfigError) throw new InvalidArgumentError(err.message);
    throw err;
  }
}

function parseMechanisms(value: string): SaslMechanism[] {
  const { mechanisms, unknown } = mechanismList(value);
  if (unknown.length > 0) throw new InvalidArgumentError(`--sasl-mechanisms: unknown ${unknown.join(', ')}; choose among ${SASL_MECHANISMS.join(', ')}`);
  return mechanisms;
}

function parseOverrides(value: string): Record<string, number> {
  try {
    return parseConnectionOverrides(value, '--max-connections-per-ip-overrides');
  } catch (err) {
    if (err instanceof ListenerConfigError) throw new InvalidArgumentError(err.message);
    throw err;
  }
}

export function brokerOptionsFromFlags(f: BrokerFlags, logger: Logger): BrokerOptions {
  const log: BrokerOptions['log'] = {};
  if (f.retentionMs !== undefined) log.retentionMs = f.retentionMs;
  if (f.retentionBytes !== undefined) log.retentionBytes = f.retentionBytes;
  if (f.segmentBytes !== undefined) log.segmentBytes = f.segmentBytes;
  if (f.segmentMs !== undefined) log.segmentMs = f.segmentMs;
  const o: BrokerOptions = {
    host: f.host,
    port: f.port,
    dataDir: f.dataDir,
    logger,
    autoCreateTopics: f.autoCreate,
    defaultPartitions: f.partitions,
    fsyncOnAck: f.fsyncOnAck,
    maxRequestBytes: f.maxRequestBytes,
    groupInitialRebalanceDelayMs: f.groupInitialRebalanceDelayMs,
    logCleanerBackoffMs: f.logCleanerBackoffMs,
    log,
  };
  if (f.logCleanerEnable !== undefined) o.logCleanerEnable = f.logCleanerEnable;
  if (f.staticConfigs !== undefined) o.staticConfigs = f.staticConfigs;
  if (f.advertisedHost !== undefined) o.advertisedHost = f.advertisedHost;
  if (f.flushMessages !== undefined) o.flushMessages = f.flushMessages;
  if (f.flushMs !== undefined) o.flushMs = f.flushMs;
  if (f.offsetsRetentionMs !== undefined) o.offsetsRetentionMs = f.offsetsRetentionMs;
  if (f.zookeeperPort !== undefined) o.zookeeperPort = f.zookeeperPort;
  if (f.maxConnectionsPerIp !== undefined) o.maxConnectionsPerIp = f.maxConnectionsPerIp;
  if (f.maxConnectionsPerIpOverrides !== undefined) o.maxConnectionsPerIpOverrides = f.maxConnectionsPerIpOverrides;
  const inlineUsers = Object.keys(f.saslUser).length > 0;
  // A SASL listener without users still asks for SASL, so that the broker refuses to start rather than serve everyone.
  if (f.saslRequired === true || f.saslUsersFile !== undefined || inlineUsers) {
    o.sasl = {
      ...(f.saslUsersFile !== undefined && { usersFile: f.saslUsersFile }),
      ...(inlineUsers && { users: f.saslUser }),
      ...(f.saslMechanisms !== undefined && { mechanisms: f.saslMechanisms }),
      ...(f.saslReauthMs !== undefined && { reauthMs: f.saslReauthMs }),
    };
  }
  if (f.authorizer !== undefined && parseAuthorizer(f.authorizer, '--authorizer')) {
    o.authorizer = { superUsers: f.superUsers ?? [], allowEveryoneIfNoAclFound: f.allowEveryoneIfNoAclFound ?? false };
  } else if (f.superUsers !== undefined || f.allowEveryoneIfNoAclFound !== undefined) {
    // Kafka ignores these without an authorizer; here they would promise a protection that is not on.
    throw new AuthorizerConfigError(`${f.superUsers !== undefined ? '--super-users (super.users)' : '--allow-everyone-if-no-acl-found (allow.everyone.if.no.acl.found)'} needs an authorizer: add --authorizer acl (authorizer.class.name)`);
  }
  if (f.tlsRequired === true || f.tlsCert !== undefined || f.tlsKey !== undefined) {
    if (f.tlsCert === undefined || f.tlsKey === undefined) throw new ListenerConfigError('TLS needs both the certificate and its key: give --tls-cert and --tls-key (ssl.certificate.location and ssl.key.location in server.properties)');
    o.tls = { certFile: f.tlsCert, keyFile: f.tlsKey, ...(f.tlsCa !== undefined && { caFile: f.tlsCa }), ...(f.tlsClientAuth !== undefined && { clientAuth: f.tlsClientAuth }) };
  }
  if (f.listeners !== undefined) {
    const protocols = f.listenerSecurityProtocolMap === undefined ? new Map() : parseProtocolMap(f.listenerSecurityProtocolMap, '--listener-security-protocol-map');
    const advertised = f.advertisedListeners === undefined ? [] : parseListenerList(f.advertisedListeners, '--advertised-listeners');
    o.listeners = listenersFromLists(parseListenerList(f.listeners, '--listeners'), advertised, protocols, '--listeners');
  } else if (f.advertisedListeners !== undefined) {
    throw new ListenerConfigError('--advertised-listeners needs --listeners to match its names against; for the one listener of --host and --port, use --advertised-host');
  }
  return o;
}

export function registerBroker(program: Command): void {
  program
    .command('broker')
    .description('run the embedded Kafka-protocol broker (single node, durable)')
    .option('--host <host>', 'address to bind; use 0.0.0.0 to accept remote clients', BROKER_DEFAULTS.host)
    .option('--port <port>', 'port to listen on (0 picks a free one)', parseIntOption('--port'), BROKER_DEFAULTS.port)
    .option('--advertised-host <host>', 'host name clients are told to connect to (default: --host)')
    .option('--data-dir <dir>', 'where the logs live', `${DEFAULT_DATA_DIR}/broker`)
    .option('--partitions <n>', 'partitions of auto-created topics', parseIntOption('--partitions', 1), BROKER_DEFAULTS.defaultPartitions)
    .option('--no-auto-create', 'do not create unknown topics on metadata requests')
    .option('--retention-ms <ms>', 'delete segments older than this (-1: keep forever)', parseIntOption('--retention-ms', -1))
    .option('--retention-bytes <n>', 'keep at most this many bytes per partition (-1: no limit)', parseIntOption('--retention-bytes', -1))
    .option('--segment-bytes <n>', 'roll a segment at this size', parseIntOption('--segment-bytes', 1024))
    .option('--segment-ms <ms>', 'roll a segment at this age', parseIntOption('--segment-ms', 1))
    .option('--flush-messages <n>', 'fsync after this many messages (default: leave it to the page cache)', parseIntOption('--flush-messages', 1))
    .option('--flush-ms <ms>', 'fsync at least this often (default: leave it to the page cache)', parseIntOption('--flush-ms', 1))
    .option('--fsync-on-ack', 'fsync before acknowledging acks=-1 produce requests', false)
    .option('--max-request-bytes <n>', 'largest request frame accepted', parseIntOption('--max-request-bytes', 1024), BROKER_DEFAULTS.maxRequestBytes)
    .option('--max-connections-per-ip <n>', "most connections open at once from one address, across listeners; more are closed at once (Kafka's max.connections.per.ip; default no limit)", parseIntOption('--max-connections-per-ip', 0))
    .option('--max-connections-per-ip-overrides <list>', "per-address limits replacing it, as address:limit pairs (127.0.0.1:200,10.0.0.7:50; Kafka's max.connections.per.ip.overrides)", parseOverrides)
    .option(
      '--offsets-retention-ms <ms>',
      "keep a consumer group's committed offsets this long after its last member left",
      parseIntOption('--offsets-retention-ms', 1),
      BROKER_DEFAULTS.offsetsRetentionMs,
    )
    .option('--zookeeper-port <port>', "also serve ZooKeeper's protocol here, on --host, for ZooKeeper-era tools (--zookeeper localhost:2181); off by default", parseIntOption('--zookeeper-port'))
    .option(
      '--group-initial-rebalance-delay-ms <ms>',
      'how long a new consumer group waits for more members before its first generation (Kafka: group.initial.rebalance.delay.ms)',
      parseIntOption('--group-initial-rebalance-delay-ms', 0),
      BROKER_DEFAULTS.groupInitialRebalanceDelayMs,
    )
    .option('--sasl-users-file <file>', "require SASL (SASL_PLAINTEXT) with the users of this file, written by 'streamdash users add'; re-read when it changes")
    .option('--sasl-user <name:password>', 'require SASL and accept this user (repeatable; the password is salted and hashed in memory, never stored)', collectSaslUser, {})
    .option('--sasl-mechanisms <list>', `SASL mechanisms offered (default: ${SASL_MECHANISMS.join(',')})`, parseMechanisms)
    .option('--sasl-reauth-ms <ms>', "a SASL session's lifetime, after which clients re-authenticate (Kafka: connections.max.reauth.ms; default 0, never)", parseIntOption('--sasl-reauth-ms', 0))
    .option(
      '--log-cleaner-backoff-ms <ms>',
      'pause between two passes of the log cleaner over compacted topics (Kafka: log.cleaner.backoff.ms)',
      parseIntOption('--log-cleaner-backoff-ms', 0),
      BROKER_DEFAULTS.logCleanerBackoffMs,
    )
    .option(
      '--config <file>',
      'a Kafka server.properties (listeners, log.dirs, num.partitions, retention, log.cleaner.* and log.cleanup.policy, authorizer.class.name and super.users, zookeeper.connect turns on the ZooKeeper facade); flags given here win',
    )
    .option('--listeners <list>', 'several listeners, as Kafka\'s listeners= (PLAINTEXT://127.0.0.1:9092,SASL_SSL://0.0.0.0:9093); replaces --host and --port')
    .option('--advertised-listeners <list>', "what Metadata tells the clients of each listener, matched by name (Kafka's advertised.listeners)")
    .option('--listener-security-protocol-map <map>', "the protocol of listeners not named after one (CLIENT:SASL_SSL,LOCAL:PLAINTEXT; Kafka's listener.security.protocol.map)")
    .option('--tls-cert <file>', "the broker's certificate chain, PEM, for SSL and SASL_SSL listeners (without --listeners, makes the listener SSL)")
    .option('--tls-key <file>', "the certificate's private key, PEM, unencrypted")
    .option('--tls-ca <file>', 'CA certificates, PEM, that client certificates must chain to')
    .option('--tls-client-auth <mode>', `ask clients for a certificate: ${CLIENT_AUTH_MODES.join(', ')} (Kafka's ssl.client.auth; default none)`, parseClientAuth)
    .option('--authorizer <name>', "turn ACLs on: acl (Kafka's authorizer.class.name, whose StandardAuthorizer class name is taken too); without it every request is allowed")
    .option('--super-users <list>', "principals allowed everything, separated by ';' (User:admin;User:ops; Kafka's super.users)", (v: string) => parseFlag(() => parseSuperUsers(v, '--super-users')))
    .option('--allow-everyone-if-no-acl-found', "let everyone use a resource no ACL covers (Kafka's allow.everyone.if.no.acl.found; default: refuse)")
    .action(async (flags: BrokerFlags, cmd: Command) => {
      const logger = loggerFor(cmd, 'broker');
      if (flags.config !== undefined) {
        let read: ReturnType<typeof readServerProperties>;
        try {
          read = readServerProperties(flags.config);
        } catch (err) {
          if (!(err instanceof ServerPropertiesError || err instanceof PropertiesSyntaxError)) throw err;
          process.stderr.write(`streamdash broker: bad --config: ${err.message}\n`);
          process.exit(EXIT_BAD_CONFIG);
        }
        const { flags: fromFile, ignored } = read;
        flags = withFileFlags(flags, fromFile, (name) => cmd.getOptionValueSource(name) === 'cli');
        if (ignored.length > 0) logger.info({ file: flags.config, ignored }, 'server.properties keys with no meaning for a single embedded node are ignored');
      }
      let broker: Broker;
      try {
        broker = await startBroker(brokerOptionsFromFlags(flags, logger));
      } catch (err) {
        if (!(err instanceof UsersFileError || err instanceof ListenerConfigError || err instanceof AuthorizerConfigError || err instanceof AclsFileError)) throw err;
        process.stderr.write(`streamdash broker: ${err.message}\n`);
        process.exit(EXIT_BAD_CONFIG);
      }
      closeOnInterrupt(logger, () => broker.close());
    });
}

/** The file's values under the flags the user typed: a default gives way to the file, a typed flag does not. */
export function withFileFlags(flags: BrokerFlags, fromFile: ServerPropertiesFlags, typed: (name: string) => boolean): BrokerFlags {
  const out: BrokerFlags = { ...flags };
  for (const [name, value] of Object.entries(fromFile) as [keyof ServerPropertiesFlags, ServerPropertiesFlags[keyof ServerPropertiesFlags]][]) {
    if (value !== undefined && !typed(name)) Object.assign(out, { [name]: value });
  }
  return out;
}
