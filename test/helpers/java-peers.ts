import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { run, type RunResult } from './exec.js';
import { PEERS_DIR, requirePeer } from './peers.js';

/** The version of kafka-clients, kafka_2.13 and kafka-tools that test/peers/java/pom.xml pins. */
export const KAFKA_VERSION = '4.4.0';

/**
 * JVM flags for the short-lived peers, the tools and the test brokers: on two shared cores
 * the C1-only, serial-GC JVM starts in a third of the time, and none of them runs long
 * enough for C2 to pay off.
 */
export const QUICK_JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xss1m', '-Djava.awt.headless=true'];

/** The classpath scripts/peers/java.sh wrote: the peers' jar, Kafka 4.4 and everything it needs. */
export function javaClasspath(): string {
  const file = requirePeer(`Apache Kafka ${KAFKA_VERSION} jars and the JVM peers (scripts/peers/java.sh)`, join(PEERS_DIR, 'java', 'classpath.txt'));
  return readFileSync(file, 'utf8').trim();
}

/**
 * The classpath of an older era's jars (a folder of test/peers/java-eras, such as
 * `kafka-2.4.1` or `zookeeper-3.9.5`), as scripts/peers/java-eras.sh resolved it.
 */
export function eraClasspath(era: string): string {
  const file = requirePeer(`the JVM peers of test/peers/java-eras/${era} (scripts/peers/java-eras.sh)`, join(PEERS_DIR, 'java-eras', era, 'classpath.txt'));
  return readFileSync(file, 'utf8').trim();
}

/** One JSON line a peer printed; `event` says what it is. */
export interface PeerEvent {
  event: string;
  [field: string]: unknown;
}

export interface JavaRun extends RunResult {
  events: PeerEvent[];
}

/** Runs `main` from the JVM classpath (Kafka 4.4's, or an older era's) to completion and parses each JSON line of its stdout. */
export async function runJava(main: string, args: string[], o: { input?: string; timeoutMs?: number; jvm?: string[]; era?: string } = {}): Promise<JavaRun> {
  const cp = o.era === undefined ? javaClasspath() : eraClasspath(o.era);
  const r = await run('java', [...QUICK_JVM, '-Xmx256m', ...(o.jvm ?? []), '-cp', cp, main, ...args], {
    timeoutMs: o.timeoutMs ?? 90_000,
    ...(o.input !== undefined && { input: o.input }),
  });
  const events: PeerEvent[] = [];
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('{"event"')) events.push(JSON.parse(line) as PeerEvent);
  }
  return { ...r, events };
}

/** What to print when a peer did not do what was asked: its exit code, its error line and its stderr's tail. */
export function describeRun(r: RunResult): string {
  return `exit ${r.code}\nstdout (tail): ${r.stdout.slice(-2000)}\nstderr (tail): ${r.stderr.slice(-3000)}`;
}

const PEER_MAIN = { producer: 'streamdash.peers.ProducerPeer', consumer: 'streamdash.peers.ConsumerPeer', admin: 'streamdash.peers.AdminPeer', txn: 'streamdash.peers.TxnPeer' } as const;

/** Runs one of test/peers/java's programs (producer, consumer, admin, txn) against `bootstrap`. */
export function javaPeer(peer: keyof typeof PEER_MAIN, bootstrap: string, args: string[], o: { timeoutMs?: number } = {}): Promise<JavaRun> {
  return runJava(PEER_MAIN[peer], ['--bootstrap', bootstrap, ...args], o);
}

/** The events of one kind, e.g. every "record" a consumer printed. */
export function eventsOf(r: JavaRun, event: string): PeerEvent[] {
  return r.events.filter((e) => e.event === event);
}

/** A JVM peer left running: its JSON events as they come, for peers that run until told to stop. */
export interface RunningJava {
  readonly child: ChildProcess;
  readonly events: PeerEvent[];
  /** Resolves once `count` events of kind `event` have come; rejects with its stderr if it exits first or time runs out. */
  waitFor(event: string, count?: number, timeoutMs?: number): Promise<PeerEvent[]>;
  /** Sends `signal` (default SIGTERM: the peer shuts down cleanly) and resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with its exit code once it has ended by itself or by `stop`. */
  readonly exited: Promise<number | null>;
}

/** Starts `main` from the JVM classpath (Kafka 4.4's, or an older era's) and reads its events while it runs. */
export function startJava(main: string, args: string[], o: { era?: string } = {}): RunningJava {
  const cp = o.era === undefined ? javaClasspath() : eraClasspath(o.era);
  const child = spawn('java', [...QUICK_JVM, '-Xmx256m', '-Dlog4j.configuration=file:/dev/null', '-cp', cp, main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (process.off('exit', reap), resolve(code))));
  const events: PeerEvent[] = [];
  let stderr = '';
  const changed = new Set<() => void>();
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('{"event"')) return;
    events.push(JSON.parse(line) as PeerEvent);
    for (const f of changed) f();
  });
  return {
    child,
    events,
    exited,
    waitFor(event, count = 1, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const seen = events.filter((e) => e.event === event);
          if (seen.length < count) return;
          done();
          resolve(seen);
        };
        const timer = setTimeout(() => (done(), reject(new Error(`${main}: ${count} "${event}" event(s) not seen within ${timeoutMs} ms (seen ${events.filter((e) => e.event === event).length}); stderr: ${stderr}`))), timeoutMs);
        const done = () => (clearTimeout(timer), changed.delete(check));
        changed.add(check);
        void exited.then(() => {
          if (!changed.has(check)) return;
          done();
          reject(new Error(`${main} exited before ${count} "${event}" event(s); events: ${JSON.stringify(events.slice(-5))}; stderr: ${stderr}`));
        });
        check();
      });
    },
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
