import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Metadata } from '../../src/protocol/apis.js';
import { freePort, tempDir } from './broker.js';
import { eraClasspath, QUICK_JVM } from './java-peers.js';
import { RawClient } from './raw-client.js';

/**
 * Apache Kafka 2.4.1 from the Maven jars of test/peers/java-eras/kafka-2.4.1, with the ZooKeeper
 * 3.5 server those jars carry: the last Kafka that served every client from 0.8 on, as the fixture
 * the old-protocol differential tests compare with. Node id 1, like the embedded broker, so
 * Metadata answers can be compared as they are.
 */
export interface Kafka24 {
  readonly port: number;
  readonly bootstrap: string;
  /** The Kafka JVM's process id, for its CPU time. */
  readonly pid: number;
  /** Both JVMs' output (the last 32 KB), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface Kafka24Options {
  config?: Record<string, string>;
  timeoutMs?: number;
  /** JVM flags of the broker instead of the quick-start ones (a benchmark wants C2 and G1). */
  jvm?: string[];
  /** The broker's heap in MB (default 384). */
  heapMb?: number;
}

export async function startKafka24(o: Kafka24Options = {}): Promise<Kafka24> {
  const cp = eraClasspath('kafka-2.4.1');
  const root = tempDir('streamdash-kafka24-');
  const [zkPort, port] = [await freePort(), await freePort()];
  let out = '';
  const children: ChildProcess[] = [];
  const start = (args: string[], heapMb: number, jvm = QUICK_JVM) => {
    const child = spawn('java', [...jvm, `-Xmx${heapMb}m`, '-Dlog4j.configuration=file:/dev/null', '-cp', cp, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (d: Buffer) => (out = (out + d.toString()).slice(-32768));
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    child.once('exit', () => process.off('exit', reap));
    children.push(child);
    return child;
  };
  const stop = async () => {
    for (const c of [...children].reverse()) {
      if (c.exitCode !== null || c.signalCode !== null) continue;
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGTERM');
      const forced = setTimeout(() => c.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(forced);
    }
    rmSync(root, { recursive: true, force: true });
  };

  let broker: ChildProcess | undefined;
  mkdirSync(join(root, 'zk'));
  const props = {
    'broker.id': '1',
    listeners: `PLAINTEXT://127.0.0.1:${port}`,
    'log.dirs': join(root, 'data'),
    'zookeeper.connect': `127.0.0.1:${zkPort}`,
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '3',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    'num.partitions': '1',
    ...o.config,
  };
  writeFileSync(join(root, 'server.properties'), Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  try {
    start(['org.apache.zookeeper.server.ZooKeeperServerMain', String(zkPort), join(root, 'zk')], 128);
    broker = start(['kafka.Kafka', join(root, 'server.properties')], o.heapMb ?? 384, o.jvm);
    await untilServing(port, Date.now() + (o.timeoutMs ?? 90_000), () => out, children);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, bootstrap: `127.0.0.1:${port}`, pid: broker!.pid!, output: () => out, stop };
}

/** Polls Metadata v0 until the broker answers with itself registered and a controller elected. */
async function untilServing(port: number, deadline: number, output: () => string, children: ChildProcess[]): Promise<void> {
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const dead = children.find((c) => c.exitCode !== null || c.signalCode !== null);
    if (dead) throw new Error(`a Kafka 2.4.1 JVM exited (${dead.exitCode ?? dead.signalCode}) while starting:\n${output().slice(-6000)}`);
    try {
      const c = await RawClient.connect(port);
      try {
        const md = await c.request(Metadata, 1, { topics: [] });
        if (md.brokers.length === 1 && md.controllerId >= 0) return;
        last = `${md.brokers.length} brokers, controller ${md.controllerId}`;
      } finally {
        c.close();
      }
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(500);
  }
  throw new Error(`Kafka 2.4.1 did not serve within the time given (${last}):\n${output().slice(-6000)}`);
}
