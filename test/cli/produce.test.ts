import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, inProcessBroker } from '../helpers/broker.js';
import { run } from '../helpers/exec.js';
import { spawnCli, type Child } from '../helpers/child-process.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { waitFor } from '../helpers/wait-for.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let dir: string;
before(async () => {
  broker = await inProcessBroker();
  dir = mkdtempSync(join(tmpdir(), 'streamdash-cli-produce-'));
});
after(async () => {
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const HEADER = 'user_id,item_id,cat_id,merchant_id,brand_id,month,day,action,age_range,gender,province';

/** `streamdash produce taobao ARGS` in the scratch folder; `done` settles with its exit code and everything it wrote. */
async function taobao(args: string[]): Promise<Child & { done: Promise<{ code: number | null; output: string }> }> {
  const cli = await spawnCli(['produce', 'taobao', '--bootstrap', broker.bootstrap, ...args], { cwd: dir, logLevel: 'warn' });
  return Object.assign(cli, { done: cli.exited.then(({ code }) => ({ code, output: cli.output() })) });
}

test('produce taobao sends the good rows, sets the bad ones aside with their lines, sums them up and exits 0', async () => {
  const file = join(dir, 'messy.csv');
  writeFileSync(file, ['\uFEFF' + HEADER, '1,2,3,4,5,11,11,0,0,1,北京市', '2,2,3,4,5,11,11,0,0,0', 'x,2,3,4,5,11,11,0,0,2,上海市', '3,2,3,4,,11,11,0,0,2,"四,川"', ''].join('\r\n'));
  const r = await (await taobao(['--file', file, '--rate', '0', '--topic', 'sex-cli'])).done;
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /done: 2 rows sent to "sex-cli"/);
  assert.match(r.output, /2 bad rows skipped and written with their line numbers to messy\.csv\.dead-letter\.jsonl/);
  const { records } = await fetchAll(broker.port, 'sex-cli');
  assert.deepEqual(records.map((x) => x.value!.toString()), ['1', '2']);
  const letters = readFileSync(join(dir, 'messy.csv.dead-letter.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(letters.map((l) => l.line), [3, 4]);
});

test('--format json sends typed rows to user_log by default', async () => {
  const file = join(dir, 'two.csv');
  writeFileSync(file, `${HEADER}\n7,8,9,10,11,06,18,2,3,0,香港\n8,8,9,10,11,06,18,2,3,1,澳门\n`);
  const r = await (await taobao(['--file', file, '--rate', '0', '--format', 'json'])).done;
  assert.equal(r.code, 0, r.output);
  const { records } = await fetchAll(broker.port, 'user_log');
  const rows = records.map((x) => JSON.parse(x.value!.toString()));
  assert.deepEqual(rows.map((x) => [x.user_id, x.month, x.province]), [
    [7, 6, '香港'],
    [8, 6, '澳门'],
  ]);
});

test('Ctrl-C flushes what is in flight, prints the summary and exits 130; the topic holds exactly what it says it sent', async () => {
  const file = join(dir, 'slow.csv');
  writeFileSync(file, Array.from({ length: 500 }, (_, i) => `${i + 1},1,1,1,1,11,11,0,0,${i % 3},北京市`).join('\n') + '\n');
  const { proc, done } = await taobao(['--file', file, '--rate', '40', '--topic', 'interrupted']);
  // Interrupted once it is sending (not before it has set up its Ctrl-C handling, however slow the machine).
  await waitFor('the first rows in the topic', async () => (await fetchAll(broker.port, 'interrupted')).highWatermark > 0);
  proc.kill('SIGINT');
  const r = await done;
  assert.equal(r.code, 130, r.output);
  const sent = Number(/interrupted: (\d+) rows sent/.exec(r.output)?.[1]);
  assert.ok(sent > 0 && sent < 500, r.output);
  const { highWatermark } = await fetchAll(broker.port, 'interrupted');
  assert.equal(highWatermark, sent);
});

test('a missing file exits 1 with what to do', async () => {
  const r = await (await taobao(['--file', join(dir, 'absent.csv')])).done;
  assert.equal(r.code, 1);
  assert.match(r.output, /cannot read ".*absent\.csv".*streamdash gen taobao/);
  assert.equal(existsSync(join(dir, 'absent.csv.dead-letter.jsonl')), false);
});

test('`produce --topic` on stdin and `produce taobao --topic` both work in one program', async () => {
  const r = await run(process.execPath, [CLI, '--log-level', 'warn', 'produce', '--topic', 'both', '--bootstrap', broker.bootstrap], { input: 'a\nb\n' });
  assert.equal(r.code, 0, r.stderr);
  const { records } = await fetchAll(broker.port, 'both');
  assert.deepEqual(records.map((x) => x.value!.toString()), ['a', 'b']);
});
