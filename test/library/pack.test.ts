import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../helpers/broker.js';
import { REPO_ROOT } from '../helpers/child-process.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { ENTRY_POINTS, libraryDocExamples } from './doc-examples.js';
import { sh, shOk, start, until, type Running } from './processes.js';
import { ENTRY_POINTS_TS, ORDERS_TS, PARSE_TS, SERVICES_MJS, SHOUT_MJS, TSCONFIG_JSON } from './user-project.js';

// streamdash as a new user gets it: packed from a clean checkout (npm's prepare builds it),
// installed from the tarball into a folder outside the repository, used only by its public names.

const NPM_MINUTES = 5 * 60_000;
const WORK = join(tmpdir(), `streamdash-pack-${process.pid}`);
const USER = join(WORK, 'user');
let tarball = '';

/** The files a clean checkout has: those git knows, as they are in the working tree now. */
function cleanCheckout(into: string): void {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '' && !f.startsWith('test-artifacts/'));
  for (const f of files) {
    mkdirSync(dirname(join(into, f)), { recursive: true });
    cpSync(join(REPO_ROOT, f), join(into, f), { errorOnExist: false, force: true, dereference: false });
  }
  // The build tools; a user's `npm install` in a fresh clone installs the same.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(into, 'node_modules'));
}

before(async () => {
  rmSync(WORK, { recursive: true, force: true });
  const checkout = join(WORK, 'checkout');
  mkdirSync(checkout, { recursive: true });
  cleanCheckout(checkout);
  const packed = await shOk('npm', ['pack', '--pack-destination', WORK], { cwd: checkout, timeoutMs: NPM_MINUTES });
  tarball = join(WORK, packed.trim().split('\n').pop()!.trim());
  mkdirSync(USER, { recursive: true });
  writeFileSync(join(USER, 'package.json'), JSON.stringify({ name: 'my-jobs', private: true, type: 'module' }));
  await shOk('npm', ['install', '--no-audit', '--no-fund', tarball, 'typescript@~5.9.0', '@types/node@^20.19.0'], { cwd: USER, timeoutMs: NPM_MINUTES });
});

after(() => rmSync(WORK, { recursive: true, force: true }));

test('the tarball holds the built library, the pages and the docs, and no tests or benchmarks', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
  for (const f of ['package/dist/src/index.js', 'package/dist/src/index.d.ts', 'package/dist/src/cli/main.js', 'package/dist/src/cli/user-job/ts-hooks.js', 'package/src/dashboard/web/layout.html', 'package/docs/library.md', 'package/README.md']) {
    assert.ok(files.includes(f), `${f} is in the tarball`);
  }
  assert.deepEqual(files.filter((f) => /^package\/(dist\/(test|bench)|test|bench)\//.test(f)), []);
});

test('every entry point imports by its public name, with types; internal paths are refused', { timeout: 120_000 }, async () => {
  const expected: Record<string, string[]> = {
    streamdash: ['startBroker', 'StreamBuilder', 'StreamRuntime', 'TestDriver', 'startAgent', 'openStore', 'startDashboard', 'createProducer'],
    'streamdash/broker': ['startBroker', 'BROKER_DEFAULTS'],
    'streamdash/stream': ['StreamBuilder', 'tumbling', 'serdes', 'StreamRuntime', 'TestDriver', 'setAsideRejected', 'JobCounters'],
    'streamdash/agent': ['startAgent', 'Agent', 'AgentConfigError'],
    'streamdash/store': ['openStore', 'StoreError'],
    'streamdash/dashboard': ['startDashboard'],
    'streamdash/client': ['createProducer', 'consumeLoop', 'createAdmin'],
  };
  assert.deepEqual(Object.keys(expected), ENTRY_POINTS);
  for (const [entry, names] of Object.entries(expected)) {
    const out = await shOk(process.execPath, ['--input-type=module', '-e', `console.log(Object.keys(await import('${entry}')).join(' '))`], { cwd: USER });
    const exported = out.trim().split(' ');
    for (const name of names) assert.ok(exported.includes(name), `${entry} exports ${name} (it exports ${exported.join(', ')})`);
  }
  const internal = await sh(process.execPath, ['--input-type=module', '-e', "await import('streamdash/dist/src/broker/index.js')"], { cwd: USER });
  assert.notEqual(internal.code, 0);
  assert.match(internal.output, /ERR_PACKAGE_PATH_NOT_EXPORTED/);

  writeFileSync(join(USER, 'tsconfig.json'), TSCONFIG_JSON);
  writeFileSync(join(USER, 'entry-points.ts'), ENTRY_POINTS_TS);
  writeFileSync(join(USER, 'parse.ts'), PARSE_TS);
  writeFileSync(join(USER, 'orders.ts'), ORDERS_TS);
  await shOk('npx', ['tsc', '-p', '.'], { cwd: USER, timeoutMs: 120_000 });
});

test("each entry point's example in docs/library.md runs against the installed package", { timeout: 300_000 }, async () => {
  for (const [i, example] of libraryDocExamples().entries()) {
    const file = join(USER, `doc-example-${i}.mjs`);
    writeFileSync(file, example.code);
    const r = await sh(process.execPath, [file], { cwd: USER, timeoutMs: 60_000 });
    assert.equal(r.code, 0, `the ${example.section} example failed:\n${r.output}`);
  }
});

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const sorted = (o: Record<string, number>) => JSON.stringify(Object.entries(o).sort(([x], [y]) => x.localeCompare(y)));
  return sorted(a) === sorted(b);
}

interface Services {
  bootstrap: string;
  port: number;
  dashboard: string;
}

async function values(port: number, topic: string): Promise<string[]> {
  const { records } = await fetchAll(port, topic, 0);
  return records.map((r) => r.value?.toString() ?? '');
}

/** The latest report of each instance of a job in the metrics topic. */
async function instancesOf(port: number, applicationId: string): Promise<Map<string, { tasks: string[]; counters: Record<string, number> }>> {
  const { records } = await fetchAll(port, 'streamdash-metrics', 0);
  const latest = new Map<string, { tasks: string[]; counters: Record<string, number> }>();
  for (const r of records) {
    if (r.key?.toString() !== applicationId) continue;
    const m = JSON.parse(r.value!.toString()) as { instance: string; tasks: string[]; counters?: Record<string, number> };
    latest.set(m.instance, { tasks: m.tasks, counters: m.counters ?? {} });
  }
  return latest;
}

test("a user's JS and TS jobs run through `npx streamdash run`, against a broker started through streamdash/broker", { timeout: 300_000 }, async () => {
  writeFileSync(join(USER, 'services.mjs'), SERVICES_MJS);
  writeFileSync(join(USER, 'shout.mjs'), SHOUT_MJS);
  writeFileSync(join(USER, 'parse.ts'), PARSE_TS);
  writeFileSync(join(USER, 'orders.ts'), ORDERS_TS);
  const services = start(process.execPath, ['services.mjs', join(WORK, 'broker-data')], USER);
  const jobs: Running[] = [];
  try {
    const where = JSON.parse((await services.waitFor(/^\{.*\}$/m, 60_000))[0]) as Services;
    const cli = (...args: string[]) => shOk('npx', ['streamdash', ...args, '--bootstrap', where.bootstrap], { cwd: USER, timeoutMs: 60_000 });
    await cli('topics', 'create', 'words', '--partitions', '2');
    await cli('topics', 'create', 'shouts', '--partitions', '1');
    await cli('topics', 'create', 'order-totals', '--partitions', '1');

    // The JS job, started twice: the two instances share the input's two partitions.
    for (let i = 0; i < 2; i++) jobs.push(start('npx', ['streamdash', 'run', './shout.mjs', '--bootstrap', where.bootstrap, '--checkpoint-interval', '1s'], USER));
    await until('two instances of shout, one partition each', () => instancesOf(where.port, 'shout'), (m) => m.size === 2 && [...m.values()].every((i) => i.tasks.length === 1), 90_000);
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`);
    await shOk('npx', ['streamdash', 'produce', '--topic', 'words', '--bootstrap', where.bootstrap], { cwd: USER, input: words.join('\n') + '\n', timeoutMs: 60_000 });
    const shouts = await until('every word shouted', () => values(where.port, 'shouts'), (v) => v.length >= words.length, 60_000);
    assert.deepEqual([...shouts].sort(), words.map((w) => w.toUpperCase()).sort(), 'each word once, upper-cased');

    // The TS job: totals in keyed state, malformed lines dead-lettered and counted.
    const orders = ['ann,5', 'bob,2', 'ann,7', 'not an order', 'bob,1', 'cy,10', 'ann,x', 'ann,1'];
    await shOk('npx', ['streamdash', 'produce', '--topic', 'orders', '--bootstrap', where.bootstrap], { cwd: USER, input: orders.join('\n') + '\n', timeoutMs: 60_000 });
    jobs.push(start('npx', ['streamdash', 'run', './orders.ts', '--bootstrap', where.bootstrap, '--checkpoint-interval', '1s'], USER));
    const totals = async () => {
      const { records } = await fetchAll(where.port, 'order-totals', 0);
      const latest: Record<string, number> = {};
      for (const r of records) latest[JSON.parse(r.key!.toString()) as string] = JSON.parse(r.value!.toString()) as number;
      return latest;
    };
    const expected = { ann: 13, bob: 3, cy: 10 };
    await until('the order totals', totals, (t) => sameCounts(t, expected), 90_000);
    const letters = await until('two dead letters', () => values(where.port, 'orders-dead-letter'), (v) => v.length >= 2, 30_000);
    assert.deepEqual(letters.map((l) => (JSON.parse(l) as { text: string }).text), ['not an order', 'ann,x']);
    // Its metrics reach the dashboard, as a built-in job's do: the /system page and /metrics read the same reports.
    await until('order-totals on the dashboard', async () => (await fetch(`${where.dashboard}/metrics`)).text(), (t) => t.includes('streamdash_job_counter_total{job="order-totals",counter="deadLettered"} 2'), 30_000);

    // npx dies of the signal it passes on, so the job's own word is its output: no error, a clean stop.
    for (const job of jobs.splice(0)) {
      await job.stop();
      assert.doesNotMatch(job.output(), /^error:/m, job.output().slice(-3000));
    }
    assert.equal((await values(where.port, 'shouts')).length, words.length, 'no word was shouted twice');
  } finally {
    for (const job of jobs) await job.stop();
    await services.stop();
  }
});

test('`streamdash new job` writes a project whose own `npm test` passes and whose `npm start` runs against `streamdash broker`', { timeout: 600_000 }, async () => {
  await shOk('npx', ['streamdash', 'new', 'job', 'click-counts', '--dir', join(WORK, 'click-counts'), '--streamdash', `file:${tarball}`], { cwd: USER });
  const project = join(WORK, 'click-counts');
  assert.deepEqual(readdirSync(project).sort(), ['.gitignore', 'README.md', 'package.json', 'src', 'test', 'tsconfig.json']);
  await shOk('npm', ['install', '--no-audit', '--no-fund'], { cwd: project, timeoutMs: NPM_MINUTES });
  const tested = await shOk('npm', ['test'], { cwd: project, timeoutMs: 180_000 });
  assert.match(tested, /# pass 1\n# fail 0/);

  const brokerPort = String(await freePort());
  const broker = start('npx', ['streamdash', 'broker', '--port', brokerPort, '--data-dir', join(WORK, 'scaffold-broker')], project);
  let job: Running | undefined;
  try {
    await broker.waitFor(/listening on/, 60_000);
    const bootstrap = `127.0.0.1:${brokerPort}`;
    job = start('npm', ['start', '--', '--bootstrap', bootstrap], project);
    const clicks = ['home', 'cart', 'home', 'pay', 'home', 'cart'];
    await shOk('npx', ['streamdash', 'produce', '--topic', 'clicks', '--bootstrap', bootstrap], { cwd: project, input: clicks.join('\n') + '\n', timeoutMs: 60_000 });
    const perPage = async () => {
      const { records } = await fetchAll(Number(brokerPort), 'clicks-per-page', 0);
      const sums: Record<string, number> = {};
      for (const r of records) {
        const page = (JSON.parse(r.key!.toString()) as { key: string }).key;
        sums[page] = (sums[page] ?? 0) + (JSON.parse(r.value!.toString()) as number);
      }
      return sums;
    };
    // The windows close 5 s apart; together they count every click once.
    await until('the clicks counted per page', perPage, (s) => sameCounts(s, { home: 3, cart: 2, pay: 1 }), 90_000);
  } finally {
    await job?.stop();
    await broker.stop();
  }
});
