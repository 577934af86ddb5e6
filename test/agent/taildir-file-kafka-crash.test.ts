import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fetchAll } from '../helpers/fetch-all.js';
import { inProcessBroker, REPO_ROOT } from '../helpers/broker.js';
import type { Child } from '../helpers/child-process.js';
import { spawnAgent } from './agent-process.js';
import { scratchDir } from './helpers.js';

const TOPIC = 'streamingtopic';
const ROTATE_BYTES = 150_000;
const KEEP = 30;

/**
 * Writes access-log lines the way `streamdash gen access-log` does, each one
 * unique (its sequence number is in the client address), and rotates by
 * renaming access.log → access.log.1 (→ .2 …) past ROTATE_BYTES.
 */
class AccessLogWriter {
  written = 0;
  rotations = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly path: string) {
    writeFileSync(path, '');
  }

  line(n: number): string {
    const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    const course = [112, 128, 130, 131, 145, 146][n % 6];
    return `${ip}\t2018-11-11 10:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}\t"GET /class/${course}.html HTTP/1.1"\t200\thttps://www.baidu.com/s?wd=${n}`;
  }

  start(linesPerTick: number, tickMs = 10): void {
    this.timer = setInterval(() => this.write(linesPerTick), tickMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private write(n: number): void {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(this.line(this.written + i));
    appendFileSync(this.path, lines.join('\n') + '\n');
    this.written += n;
    if (statSync(this.path).size > ROTATE_BYTES) this.rotate();
  }

  private rotate(): void {
    if (existsSync(`${this.path}.${KEEP}`)) unlinkSync(`${this.path}.${KEEP}`);
    for (let i = KEEP - 1; i >= 1; i--) if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    renameSync(this.path, `${this.path}.1`);
    writeFileSync(this.path, '');
    this.rotations++;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('TAILDIR → file channel → KafkaSink: kill -9 twice while the log is written and rotated; every line arrives, none invented', { timeout: 120_000 }, async (t) => {
  const broker = await inProcessBroker();
  t.after(() => broker.stop());
  const dir = scratchDir();
  const accessLog = join(dir, 'access.log');
  const conf = join(dir, 'taildir-file-kafka.conf');
  // The example as shipped, with only the broker's address changed.
  writeFileSync(conf, readFileSync(join(REPO_ROOT, 'examples/flume/taildir-file-kafka.conf'), 'utf8').replace('localhost:9092', broker.bootstrap));
  const env = { ACCESS_LOG: accessLog, AGENT_DATA: join(dir, 'agent') };
  const writer = new AccessLogWriter(accessLog);
  const agents: Child[] = [];
  t.after(async () => {
    writer.stop();
    for (const a of agents) await a.stop('SIGKILL');
  });
  const launch = async (): Promise<Child> => {
    const a = await spawnAgent(conf, 'access-agent', { env, timeoutMs: 20_000 });
    agents.push(a);
    return a;
  };

  // Files rotated away before the agent first started are not its business (as in Flume): start writing once it runs.
  let agent = await launch();
  writer.start(40);
  for (let crash = 1; crash <= 2; crash++) {
    await sleep(1500 + crash * 500);
    agent.proc.kill('SIGKILL');
    await agent.stop();
    await sleep(300);
    agent = await launch();
  }
  await sleep(1500);
  writer.stop();
  const written = writer.written;
  assert.ok(writer.rotations >= 5, `the log was rotated ${writer.rotations} times`);

  const expected = new Set(Array.from({ length: written }, (_, i) => writer.line(i)));
  let seen = new Set<string>();
  let total = 0;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { records } = await fetchAll(broker.port, TOPIC);
    total = records.length;
    seen = new Set(records.map((r) => Buffer.from(r.value!).toString()));
    if ([...expected].every((l) => seen.has(l))) break;
    await sleep(500);
  }
  const missing = [...expected].filter((l) => !seen.has(l));
  assert.equal(missing.length, 0, `${missing.length} of ${written} lines never reached the topic, e.g. ${missing.slice(0, 3).join(' | ')}\n${agents.map((a) => a.output().slice(-2000)).join('\n---\n')}`);
  assert.equal(seen.size, written, 'the distinct lines in the topic are exactly the lines written');
  t.diagnostic(`${written} lines written, ${writer.rotations} rotations, ${total} records in the topic (${total - written} duplicates from the two kill -9s)`);
  await agent.stop();
});
