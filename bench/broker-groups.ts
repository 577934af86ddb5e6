import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { coordinatorReady, createTopic, stableAssignments } from '../test/broker/groups/raw-group.js';
import { freePort, spawnBroker } from '../test/helpers/broker.js';
import { timeCommand, writeRecordsFile } from './kcat.js';
import { type Figure, printFigures } from './report.js';

/**
 * `npm run bench -- broker-groups [--records N]`: consumer groups on
 * `streamdash broker` in its own process, with kcat -G (librdkafka) members,
 * each its own process. groupFigures() is what `npm run bench -- broker`
 * adds to its figures.
 */
const MEMBERS = 4;
const PARTITIONS = 8;
const FORMATION_RUNS = 5;
/** How often members heartbeat, which bounds how soon a running member hears of a rebalance. */
const HEARTBEAT_MS = 300;

function memberArgs(bootstrap: string, group: string, topic: string): string[] {
  return [
    '-b', bootstrap, '-G', group, topic, '-q', '-f', '%o\\n',
    '-X', 'auto.offset.reset=earliest',
    '-X', 'session.timeout.ms=6000',
    '-X', `heartbeat.interval.ms=${HEARTBEAT_MS}`,
  ];
}

function startMembers(bootstrap: string, group: string, topic: string): ChildProcess[] {
  return Array.from({ length: MEMBERS }, () => spawn('kcat', memberArgs(bootstrap, group, topic), { stdio: 'ignore' }));
}

async function stopMembers(members: ChildProcess[]): Promise<void> {
  await Promise.all(
    members.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null || p.signalCode !== null) return resolve();
          // 'close' comes after the process's output has been read to the end.
          p.once('close', () => resolve());
          p.kill('SIGTERM');
        }),
    ),
  );
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchmark stalled: ${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function allAssigned(port: number, group: string): Promise<boolean> {
  const s = await stableAssignments(port, group);
  return s !== null && s.size === MEMBERS && [...s.values()].every((p) => p.length === PARTITIONS / MEMBERS);
}

/** From starting four members together to a Stable group with every partition assigned; the median of a few runs. */
async function formationMs(bootstrap: string, port: number): Promise<number> {
  await createTopic(port, 'groups-empty', PARTITIONS);
  const times: number[] = [];
  for (let run = 0; run < FORMATION_RUNS; run++) {
    const group = `formation-${run}`;
    const start = performance.now();
    const members = startMembers(bootstrap, group, 'groups-empty');
    try {
      await until(`group ${group} to assign all partitions`, () => allAssigned(port, group));
      times.push(performance.now() - start);
    } finally {
      await stopMembers(members);
    }
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

/** kcat's stdout buffer (BUFSIZ) holds back at most this many of the shortest lines ("0\\n") per process. */
const UNFLUSHED_LINES = 8192 / 2;

function countLines(p: ChildProcess, onLine: () => void): void {
  p.stdout!.on('data', (d: Buffer) => {
    for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) onLine();
  });
}

/**
 * Starts four members of a new group and stops the clock once they have
 * printed all but what their stdout buffers may still hold back; stopping
 * them flushes the rest, which gives the exact count.
 */
async function drainWithGroup(bootstrap: string, topic: string, records: number): Promise<{ ms: number; read: number }> {
  const start = performance.now();
  let read = 0;
  const members = Array.from({ length: MEMBERS }, () => {
    const p = spawn('kcat', memberArgs(bootstrap, 'drain', topic), { stdio: ['ignore', 'pipe', 'ignore'] });
    countLines(p, () => read++);
    return p;
  });
  let ms: number;
  try {
    await until('the group to read every record', async () => read >= records - MEMBERS * UNFLUSHED_LINES, 300000);
    ms = performance.now() - start;
    // The last records reach kcat's buffers within moments; then stopping it flushes an exact count.
    await new Promise((r) => setTimeout(r, 1000));
  } finally {
    await stopMembers(members);
  }
  return { ms, read };
}

/** One plain consumer (no group) reading the same records to the end. */
async function drainPlain(bootstrap: string, topic: string, records: number): Promise<number> {
  const start = performance.now();
  const p = spawn('kcat', ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%o\\n'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let read = 0;
  countLines(p, () => read++);
  const code = await new Promise<number | null>((resolve) => p.once('close', resolve));
  if (code !== 0 || read !== records) throw new Error(`the plain consumer read ${read} of ${records} records and exited ${code}`);
  return performance.now() - start;
}

/**
 * Draining a backlog of `records` from cold start: four members of a new
 * group until they have read every record, against one plain kcat consumer
 * (no group) reading the same records and printing them the same way.
 */
async function drain(bootstrap: string, port: number, records: number, work: string): Promise<{ groupMs: number; plainMs: number; read: number }> {
  await createTopic(port, 'groups-backlog', PARTITIONS);
  const file = join(work, 'records.txt');
  await writeRecordsFile(file, records);
  await timeCommand('kcat', ['-P', '-b', bootstrap, '-t', 'groups-backlog', '-X', 'acks=1', '-l', file]);
  const plainMs = await drainPlain(bootstrap, 'groups-backlog', records);
  const group = await drainWithGroup(bootstrap, 'groups-backlog', records);
  return { groupMs: group.ms, plainMs, read: group.read };
}

/** The consumer-group figures, against a running broker at `bootstrap` (port `port` on this host). */
export async function groupFigures(bootstrap: string, port: number, records = 1_000_000): Promise<Figure[]> {
  const work = mkdtempSync(join(tmpdir(), 'streamdash-bench-groups-'));
  try {
    await coordinatorReady(port);
    const formed = await formationMs(bootstrap, port);
    const { groupMs, plainMs, read } = await drain(bootstrap, port, records, work);
    return [
      { name: `${MEMBERS}-member group, first join to all ${PARTITIONS} partitions assigned (median of ${FORMATION_RUNS})`, value: formed, unit: 'ms', higherIsBetter: false },
      { name: `${MEMBERS}-member group consume, cold start to every record read`, value: records / (groupMs / 1000), unit: 'records/s', baseline: records / (plainMs / 1000) },
      { name: `${MEMBERS}-member group consume wall time`, value: groupMs / 1000, unit: 's' },
      { name: 'records read more than once across rebalances', value: read - records, unit: 'records', higherIsBetter: false },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function main(args: string[]): Promise<void> {
  const recordsFlag = args.indexOf('--records');
  const records = recordsFlag >= 0 ? Number(args[recordsFlag + 1]) : 1_000_000;
  const work = mkdtempSync(join(tmpdir(), 'streamdash-bench-'));
  const port = await freePort();
  const broker = await spawnBroker(join(work, 'data'), port);
  try {
    console.log(`broker on ${broker.bootstrap}; kcat -G members heartbeat every ${HEARTBEAT_MS} ms; ${records.toLocaleString('en-US')} records of 100 bytes`);
    printFigures(`Broker: consumer groups (kcat -G / librdkafka, ${PARTITIONS} partitions)`, await groupFigures(broker.bootstrap, port, records), 'one plain kcat consumer');
  } finally {
    await broker.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
