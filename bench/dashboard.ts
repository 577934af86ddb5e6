/**
 * `npm run bench -- dashboard [--clients N] [--seconds S] [--rate R]`
 *
 * Push latency and memory of `streamdash dashboard` with 1,000 Socket.IO clients on
 * /popularity receiving 10 top-10 lists a second. Three processes: this one runs the
 * broker and the producer, the dashboard runs as `streamdash dashboard`, and the
 * clients run in a process of their own: the Socket.IO 4 client the pages load
 * (socket.io's browser build, with ws as its WebSocket), over websocket.
 *
 * - push latency: from the moment the dashboard had the list (the update's `at`) to the
 *   moment a client has it.
 * - end to end: from the producer's send (the record timestamp) to the client.
 *
 * The baseline is a bare Socket.IO 4.8 server in its own process that broadcasts the
 * same payload at the same rate with io.emit: what Socket.IO costs without Kafka,
 * history or per-client coalescing.
 *
 * This file is also the two helper processes: `--role clients` and `--role bare-server`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';
import { WebSocket } from 'ws';
import { createProducer } from '../src/client/producer.js';
import { freePort, inProcessBroker, tempDir } from '../test/helpers/broker.js';
import { spawnDashboard } from '../test/dashboard/dashboard-process.js';
import { percentile, printFigures } from './report.js';

const SELF = fileURLToPath(import.meta.url);

/** The parts of the browser build's io() the clients use. */
type ClientFactory = (
  url: string,
  options: Record<string, unknown>,
) => { on(event: string, listener: (message: never) => void): unknown; once(event: string, listener: () => void): unknown };

interface Latencies {
  updates: number;
  expected: number;
  push: { p50: number; p99: number; p999: number; max: number };
  endToEnd: { p50: number; p99: number; p999: number; max: number };
}

/** A top-10 list as the popularity job writes it, about 400 bytes. */
function topList(tick: number): string {
  return JSON.stringify(Array.from({ length: 10 }, (_, i) => ({ page: `page${(tick * 7 + i * 13) % 100}`, popularity: Math.round((100 - i * 7.3 + (tick % 10)) * 10) / 10 })));
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      clients: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '30' },
      rate: { type: 'string', default: '10' },
      role: { type: 'string' },
      url: { type: 'string' },
      port: { type: 'string' },
    },
  });
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  const rate = Number(values.rate);
  if (values.role === 'clients') return runClients(values.url!, clients);
  if (values.role === 'bare-server') return runBareServer(Number(values.port), rate);

  console.log(`dashboard bench: ${clients} clients on /popularity, ${rate} updates/s for ${seconds} s; baseline: a bare Socket.IO broadcast server`);
  const broker = await inProcessBroker();
  const dashboard = await spawnDashboard(['--port', String(await freePort()), '--bootstrap', broker.bootstrap, '--store', join(tempDir(), 'none')]);
  const producer = createProducer(broker.bootstrap, 'bench-dashboard');
  try {
    // The topic exists and the dashboard has read its first list before the clients come; every update they measure is a new one.
    await producer.send({ messages: [{ topic: 'popularity-top10', value: topList(0) }] });
    while (!/^streamdash_dashboard_feed_records_total\{topic="popularity-top10"\} [1-9]/m.test(await (await fetch(`${dashboard.url}/metrics`)).text())) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const idle = rssOf(dashboard.proc);
    const tick = (n: number) => void producer.send({ messages: [{ topic: 'popularity-top10', value: topList(n), timestamp: Date.now() }] });
    const measured = await measure(dashboard.url, clients, seconds, rate, tick, () => rssOf(dashboard.proc));
    const heap = await heapUsed(dashboard.url);

    const barePort = await freePort();
    const bare = spawn(process.execPath, [SELF, '--role', 'bare-server', '--port', String(barePort), '--rate', String(rate)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await lineFrom(bare, 'listening');
    const baseline = await measure(`http://127.0.0.1:${barePort}`, clients, seconds, rate, undefined, () => rssOf(bare));
    bare.kill();

    printFigures(`Dashboard, ${clients} clients, ${rate} updates/s`, [
      { name: 'push latency p50', value: measured.latencies.push.p50, unit: 'ms', baseline: baseline.latencies.push.p50, higherIsBetter: false },
      { name: 'push latency p99', value: measured.latencies.push.p99, unit: 'ms', baseline: baseline.latencies.push.p99, higherIsBetter: false },
      { name: 'push latency p99.9', value: measured.latencies.push.p999, unit: 'ms', baseline: baseline.latencies.push.p999, higherIsBetter: false },
      { name: 'end-to-end latency p50 (producer to browser)', value: measured.latencies.endToEnd.p50, unit: 'ms' },
      { name: 'end-to-end latency p99', value: measured.latencies.endToEnd.p99, unit: 'ms' },
      { name: 'updates received', value: measured.latencies.updates, unit: `of ${measured.latencies.expected.toLocaleString('en-US')}` },
      { name: 'server memory (rss), idle', value: idle / 2 ** 20, unit: 'MiB' },
      { name: `server memory (rss), ${clients} clients`, value: measured.rss / 2 ** 20, unit: 'MiB', baseline: baseline.rss / 2 ** 20, higherIsBetter: false },
      { name: 'server heap in use, after the run', value: heap / 2 ** 20, unit: 'MiB' },
      { name: 'server memory per client', value: (measured.rss - idle) / clients / 1024, unit: 'KiB' },
    ], 'bare Socket.IO broadcast');
    const p99 = measured.latencies.push.p99;
    console.log(`\ntarget: push latency p99 ≤ 50 ms: ${p99 <= 50 ? 'met' : 'NOT met'} (${p99} ms)`);
  } finally {
    await producer.close();
    await dashboard.stop();
    await broker.stop();
  }
}

/** Connects the clients in their own process, then ticks for the given time, and returns what they measured. */
async function measure(url: string, clients: number, seconds: number, rate: number, tick: ((n: number) => void) | undefined, rss: () => number) {
  const child = spawn(process.execPath, [SELF, '--role', 'clients', '--url', url, '--clients', String(clients)], { stdio: ['pipe', 'pipe', 'inherit'] });
  await lineFrom(child, 'connected');
  const lines = createInterface({ input: child.stdout! });
  const result = new Promise<Latencies>((resolve) => lines.on('line', (line) => line.startsWith('{') && resolve(JSON.parse(line) as Latencies)));
  child.stdin!.write('start\n');
  let n = 1;
  const timer = tick ? setInterval(() => tick(n++), 1000 / rate) : undefined;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const memory = rss();
  clearInterval(timer);
  // A moment for the last updates to arrive before the clients count.
  await new Promise((r) => setTimeout(r, 1000));
  child.stdin!.write(`stop ${tick ? n - 1 : seconds * rate}\n`);
  const latencies = await result;
  child.kill();
  return { latencies, rss: memory };
}

/** Resident memory of a child process, from /proc, the same way for the dashboard and the baseline. */
function rssOf(proc: ChildProcess): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

async function heapUsed(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^nodejs_heap_used_bytes (\S+)$/m.exec(text)?.[1]);
}

function lineFrom(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`helper process exited with ${code} before "${text}": ${out}`)));
  });
}

function summary(values: number[]) {
  values.sort((a, b) => a - b);
  return { p50: percentile(values, 50), p99: percentile(values, 99), p999: percentile(values, 99.9), max: values.at(-1) ?? NaN };
}

/** Role `clients`: connects them, 50 at a time, then measures every update between `start` and `stop`. */
async function runClients(url: string, count: number): Promise<void> {
  // The client the pages load (socket.io's own browser build), with ws standing in for the browser's WebSocket.
  Object.assign(globalThis, { WebSocket });
  const require = createRequire(import.meta.url);
  // socket.io exports no subpaths; it serves this file from beside its own dist/ the same way.
  const { io } = require(join(dirname(require.resolve('socket.io')), '../client-dist/socket.io.js')) as { io: ClientFactory };
  const push: number[] = [];
  const endToEnd: number[] = [];
  let measuring = false;
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () => {
      const socket = io(url, { query: { page: 'popularity' }, transports: ['websocket'], forceNew: true, reconnection: false });
      socket.on('update', (m: { channel: string; at: number; mode: string; items: { at: number }[] }) => {
        if (!measuring || m.channel !== 'popularity' || m.mode !== 'append') return;
        const now = Date.now();
        push.push(now - m.at);
        for (const item of m.items) endToEnd.push(now - item.at);
      });
      return new Promise<void>((resolve) => socket.once('update', () => resolve()));
    });
    await Promise.all(batch);
  }
  process.stdout.write('connected\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'start') measuring = true;
    if (!line.startsWith('stop')) continue;
    measuring = false;
    const expected = Number(line.split(' ')[1]) * count;
    const result: Latencies = { updates: endToEnd.length, expected, push: summary(push), endToEnd: summary(endToEnd) };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  }
}

/** Role `bare-server`: Socket.IO alone, broadcasting the dashboard's update shape with io.emit. */
async function runBareServer(port: number, rate: number): Promise<void> {
  const http = createServer();
  const server = new Server(http, { allowEIO3: true, serveClient: false });
  server.on('connection', (socket) => socket.emit('update', { channel: 'popularity', at: Date.now(), mode: 'snapshot', items: [] }));
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  let n = 0;
  setInterval(() => {
    const at = Date.now();
    server.emit('update', { channel: 'popularity', at, mode: 'append', items: [{ at, top: JSON.parse(topList(n++)) }] });
  }, 1000 / rate);
  process.stdout.write('listening\n');
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) await main(process.argv.slice(2));
