// needs: postgresql (each suite runs on PGlite and on a throwaway PostgreSQL server)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { before, test } from 'node:test';
import { openStore } from '../../src/store/index.js';
import { describeEachBackend } from '../store/backends.js';
import { spawnNode } from '../helpers/child-process.js';

/** The command as main.ts wires it, without the other commands, so only the store's code is under test. */
const DRIVER = `
  import { Command } from 'commander';
  import { registerStore } from ${JSON.stringify(new URL('../../src/cli/store.js', import.meta.url).href)};
  const program = new Command().option('--log-level <level>', '', 'silent');
  registerStore(program);
  await program.parseAsync(process.argv.slice(1), { from: 'user' });
`;

function streamdash(...args: string[]) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', DRIVER, ...args], { encoding: 'utf8' });
}

describeEachBackend('streamdash store query', (backend) => {
  let spec: string;
  before(async () => {
    spec = await backend.freshSpec();
    const store = await openStore(spec);
    await store.incrementCounters(
      [
        { table: 'course-clicks', rowKey: '20261121_130', amount: 12 },
        { table: 'course-clicks', rowKey: '20261121_112', amount: 3 },
        { table: 'course-clicks', rowKey: '20261122_130', amount: 99 },
        { table: 'course-search-clicks', rowKey: '20261121_www.baidu.com_130', amount: 7 },
        { table: 'course-search-clicks', rowKey: '20261121_cn.bing.com_112', amount: 1 },
      ],
      { job: 'course-clicks', batchId: 'seed' },
    );
    await store.close();
  });

  test("course-clicks --day prints that day's keys of that table as a table, with the total", () => {
    const run = streamdash('store', 'query', 'course-clicks', '--day', '20261121', '--store', spec);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.equal(
      run.stdout,
      ['row key       count', '------------  -----', '20261121_112      3', '20261121_130     12', '------------  -----', '2 rows           15', ''].join('\n'),
    );
  });

  test('course-search-clicks --day prints the referer keys', () => {
    const run = streamdash('store', 'query', 'course-search-clicks', '--day', '20261121', '--store', spec);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(
      run.stdout.split('\n').slice(2, 4).map((l) => l.split(/\s+/)),
      [
        ['20261121_cn.bing.com_112', '1'],
        ['20261121_www.baidu.com_130', '7'],
      ],
    );
  });

  test('a day without rows says so and names the tables there are', () => {
    const run = streamdash('store', 'query', 'course-clicks', '--day', '20990101', '--store', spec);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'no rows in course-clicks for day 20990101; counter tables in the store: course-clicks, course-search-clicks\n');
  });

  test('a store that does not exist is reported, and not created', () => {
    const missing = `${spec}-missing`;
    const run = streamdash('store', 'query', 'course-clicks', '--store', missing);
    assert.equal(run.status, 1);
    if (backend.name === 'pglite') {
      assert.equal(run.stderr, `error: there is no store at ${missing}; run a job that writes to it first, or point --store at one\n`);
      assert.equal(existsSync(missing), false);
    } else {
      assert.match(run.stderr, /^error: cannot connect to the PostgreSQL store at .*-missing \(database ".*-missing" does not exist\)/);
    }
  });

  test('a malformed --day is refused before the store is opened', () => {
    const run = streamdash('store', 'query', 'course-clicks', '--day', '2026-11-21', '--store', spec);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /--day takes a date as yyyymmdd/);
  });

  test("scan prints the HBase shell's scan: the rows of one table in key order, each cell an 8-byte long, with --prefix and --limit", () => {
    const run = streamdash('store', 'scan', 'course-clicks', '--prefix', '20261121_', '--store', spec);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ROW {28}COLUMN\+CELL$/);
    // 3 is \x03; 12 is \x0C: the bytes incrementColumnValue leaves, shown as Bytes.toStringBinary shows them.
    assert.match(lines[1]!, /^ 20261121_112 {18}column=info:click_count, timestamp=(\d{13}), value=\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x03$/);
    assert.match(lines[2]!, /^ 20261121_130 {18}column=info:click_count, timestamp=\d{13}, value=(\\x00){7}\\x0C$/);
    const stamp = Number(/timestamp=(\d+)/.exec(lines[1]!)![1]);
    assert.ok(Math.abs(stamp - Date.now()) < 10 * 60_000, `the cell's timestamp is when it was written: ${stamp}`);
    assert.match(lines[3]!, /^2 row\(s\) in \d+\.\d{4} seconds$/);
    assert.equal(lines.length, 4);

    const limited = streamdash('store', 'scan', 'course-clicks', '--limit', '1', '--store', spec);
    assert.deepEqual(limited.stdout.split('\n').filter((l) => l.startsWith(' ')).map((l) => l.trim().split(/\s+/)[0]), ['20261121_112']);
    const all = streamdash('store', 'scan', 'course-clicks', '--store', spec);
    assert.match(all.stdout, /^3 row\(s\) in /m);
  });

  test("get prints one row's cell, and 0 row(s) for a key that is not there", () => {
    const run = streamdash('store', 'get', 'course-search-clicks', '20261121_www.baidu.com_130', '--store', spec);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^COLUMN {25}CELL$/);
    assert.match(lines[1]!, /^ info:click_count {14}timestamp=\d{13}, value=(\\x00){7}\\x07$/);
    assert.match(lines[2]!, /^1 row\(s\) in /);
    const none = streamdash('store', 'get', 'course-search-clicks', '20261121_nowhere_1', '--store', spec);
    assert.equal(none.status, 0, none.stderr);
    assert.match(none.stdout, /^COLUMN {25}CELL\n0 row\(s\) in \d+\.\d{4} seconds\n$/);
  });

  if (backend.name === 'pglite') {
    test('an embedded store held by another process is reported with that process, and what to do', async () => {
      const holder = spawnNode(new URL('../store/hold-store.js', import.meta.url).pathname, [spec]);
      try {
        await holder.waitFor(/^ready$/m);
        const run = streamdash('store', 'query', 'course-clicks', '--store', spec);
        assert.equal(run.status, 1);
        assert.match(run.stderr, new RegExp(`locked; it is in use by process ${holder.pid} .*hold-store\\.js.*stop that process first`));
      } finally {
        await holder.stop('SIGKILL');
      }
    });
  }
});
