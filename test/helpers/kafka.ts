import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Metadata } from '../../src/protocol/apis.js';
import { freePort, tempDir } from './broker.js';
import { run } from './exec.js';
import { eraClasspath, javaClasspath, KAFKA_VERSION, QUICK_JVM } from './java-peers.js';
import { RawClient } from './raw-client.js';

/**
 * A real Apache Kafka 4.4 from the Maven jars of scripts/peers/java.sh (or an older one from
 * test/peers/java-eras), as a test fixture: KRaft, every node both broker and controller
 * (combined mode), on 127.0.0.1 and free ports, in a temp folder that `stop()` removes with
 * the processes.
 */

/** The oldest Kafka that src/client's @platformatic/kafka supports (3.5.0 on), as test/peers/java-eras/kafka-3.5.2 pins it. */
export const OLDEST_KAFKA = '3.5.2';

export interface KafkaOptions {
  /** An older Kafka (a `kafka-<version>` folder of test/peers/java-eras that runs KRaft, 3.5 on) instead of 4.4. */
  version?: string;
  /** Broker settings added to (or overriding) the fixture's server.properties. */
  config?: Record<string, string>;
  /** Heap of each node, in MB (default 512). */
  heapMb?: number;
  /** JVM flags instead of the quick-start ones (a benchmark wants the C2 compiler and G1). */
  jvm?: string[];
  /** How long the whole start may take (default 60 s: JVMs on two shared cores are slow). */
  timeoutMs?: number;
}

export interface KafkaNode {
  readonly nodeId: number;
  readonly port: number;
  readonly controllerPort: number;
  readonly bootstrap: string;
  readonly dir: string;
  /** The JVM of this node while it runs. */
  proc(): ChildProcess | undefined;
  /** What this node wrote on stdout and stderr (the last 64 KB), for failure messages. */
  output(): string;
}

export interface KafkaCluster {
  readonly version: string;
  readonly clusterId: string;
  /** The folder of every node's config and data; gone after `stop()`. */
  readonly dir: string;
  readonly nodes: readonly KafkaNode[];
  /** Every node's listener, comma-separated, as clients take it. */
  readonly bootstrap: string;
  /** Sends `signal` to one node (default SIGKILL, the crash) and waits until it has exited. */
  kill(nodeId: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped node again on its ports and data, and waits until the cluster sees every node. */
  restart(nodeId: number): Promise<void>;
  /** Stops every node (SIGTERM, then SIGKILL after 20 s) and removes the folder. */
  stop(): Promise<void>;
}

/** One Kafka node (4.4 unless `o.version` says otherwise), broker and controller in one process. */
export function startKafka(o: KafkaOptions = {}): Promise<KafkaCluster> {
  return startKafkaCluster(1, o);
}

class Node implements KafkaNode {
  child: ChildProcess | undefined;
  private out = '';
  readonly bootstrap: string;
  readonly props: string;

  constructor(
    readonly nodeId: number,
    readonly port: number,
    readonly controllerPort: number,
    readonly dir: string,
  ) {
    this.bootstrap = `127.0.0.1:${port}`;
    this.props = join(dir, 'server.properties');
  }

  proc() {
    return this.child;
  }

  output() {
    return this.out;
  }

  append(text: string) {
    this.out = (this.out + text).slice(-65536);
  }

  running() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when the JVM has exited (at once when it is not running). */
  exited(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => c.once('exit', () => resolve()));
  }
}

const reapers = new Set<() => void>();
// A test process that dies must not leave JVMs running.
process.once('exit', () => {
  for (const reap of reapers) reap();
});

export async function startKafkaCluster(size = 3, o: KafkaOptions = {}): Promise<KafkaCluster> {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a Kafka cluster has at least one node, got ${size}`);
  const version = o.version ?? KAFKA_VERSION;
  const cp = version === KAFKA_VERSION ? javaClasspath() : eraClasspath(`kafka-${version}`);
  const root = tempDir('streamdash-kafka-');
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  const ports = await distinctFreePorts(size * 2);
  const nodes = Array.from({ length: size }, (_, i) => new Node(i + 1, ports[2 * i]!, ports[2 * i + 1]!, join(root, `node-${i + 1}`)));
  const voters = nodes.map((n) => `${n.nodeId}@127.0.0.1:${n.controllerPort}`).join(',');
  const clusterId = randomClusterId();
  const rf = String(Math.min(size, 3));

  const spawnNode = (n: Node) => {
    const jvm = o.jvm ?? QUICK_JVM;
    const child = spawn('java', [...jvm, `-Xmx${o.heapMb ?? 512}m`, `-Xms${Math.min(o.heapMb ?? 512, 128)}m`, '-cp', cp, 'kafka.Kafka', n.props], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    n.child = child;
    const onData = (d: Buffer) => n.append(d.toString());
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    const reap = () => child.kill('SIGKILL');
    reapers.add(reap);
    child.once('exit', () => reapers.delete(reap));
  };

  const stopAll = async () => {
    await Promise.all(nodes.map((n) => stopNode(n, 'SIGTERM')));
    rmSync(root, { recursive: true, force: true });
  };

  try {
    await Promise.all(
      nodes.map(async (n) => {
        mkdirSync(n.dir, { recursive: true });
        writeFileSync(n.props, serverProperties(n, voters, rf, o.config ?? {}));
        const f = await run('java', [...QUICK_JVM, '-Xmx256m', '-cp', cp, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', n.props], {
          timeoutMs: Math.max(1000, deadline - Date.now()),
        });
        if (f.code !== 0) throw new Error(`kafka-storage format of node ${n.nodeId} failed (exit ${f.code}):\n${f.stdout}\n${f.stderr}`);
      }),
    );
    for (const n of nodes) spawnNode(n);
    await Promise.all(nodes.map((n) => waitUntilServing(n, size, deadline)));
  } catch (err) {
    await stopAll();
    throw err;
  }

  const byId = (nodeId: number) => {
    const n = nodes.find((x) => x.nodeId === nodeId);
    if (!n) throw new Error(`no Kafka node ${nodeId}; the nodes are ${nodes.map((x) => x.nodeId).join(', ')}`);
    return n;
  };

  return {
    version,
    clusterId,
    dir: root,
    nodes,
    bootstrap: nodes.map((n) => n.bootstrap).join(','),
    async kill(nodeId, signal = 'SIGKILL') {
      await stopNode(byId(nodeId), signal);
    },
    async restart(nodeId) {
      const n = byId(nodeId);
      if (n.running()) throw new Error(`Kafka node ${nodeId} is still running; kill it first`);
      spawnNode(n);
      await waitUntilServing(n, size, Date.now() + (o.timeoutMs ?? 60_000));
    },
    stop: stopAll,
  };
}

function serverProperties(n: Node, voters: string, rf: string, extra: Record<string, string>): string {
  const props: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': String(n.nodeId),
    'controller.quorum.voters': voters,
    listeners: `PLAINTEXT://127.0.0.1:${n.port},CONTROLLER://127.0.0.1:${n.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${n.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': join(n.dir, 'data'),
    'num.partitions': '1',
    'offsets.topic.replication.factor': rf,
    'offsets.topic.num.partitions': '3',
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '3',
    'share.coordinator.state.topic.replication.factor': rf,
    'share.coordinator.state.topic.min.isr': '1',
    // Tests want a group to form at once, not after the production default of 3 s.
    'group.initial.rebalance.delay.ms': '0',
    'num.network.threads': '2',
    'num.io.threads': '2',
    'background.threads': '2',
    'log.flush.interval.messages': String(2 ** 62),
    ...extra,
  };
  return Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}

/** Polls the node's listener with a Metadata request until it lists all `size` brokers. */
async function waitUntilServing(n: Node, size: number, deadline: number): Promise<void> {
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (!n.running()) throw new Error(`Kafka node ${n.nodeId} exited (${n.child?.exitCode ?? n.child?.signalCode}) while starting:\n${n.output().slice(-6000)}`);
    try {
      const c = await RawClient.connect(n.port);
      try {
        const res = (await Promise.race([
          c.request(Metadata, 9, { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }),
          sleep(3000).then(() => Promise.reject(new Error('Metadata took over 3 s'))),
        ])) as { brokers: unknown[]; controllerId: number };
        if (res.brokers.length === size && res.controllerId >= 0) return;
        last = `${res.brokers.length} of ${size} brokers registered, controller ${res.controllerId}`;
      } finally {
        c.close();
      }
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(500);
  }
  throw new Error(`Kafka node ${n.nodeId} did not serve within the time given (${last}):\n${n.output().slice(-6000)}`);
}

async function stopNode(n: Node, signal: NodeJS.Signals): Promise<void> {
  if (!n.running()) return;
  const exited = n.exited();
  n.child!.kill(signal);
  // A combined node whose quorum is gone can wait a long time for a controlled shutdown.
  const forced = setTimeout(() => n.child?.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(forced);
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding. Like Kafka's own
 *  Uuid.randomUuid, draw again when the text starts with '-': a command line would read it as an option. */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
