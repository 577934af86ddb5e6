import { existsSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { backendOf, DEFAULT_STORE_SPEC, openStore, StoreError, StoreNotFoundError, type Counter, type Store } from '../store/index.js';
import { formatGet, formatScan } from './hbase-shell-format.js';
import { loggerFor, parseIntOption } from './options.js';

/** `streamdash store query|scan|get`: the seeds' HBase reads, as a table or as the HBase shell prints them. */
export function registerStore(program: Command): void {
  const store = program.command('store').description('read the results store (PGlite directory or PostgreSQL)');
  store
    .command('query')
    .description("print a counter table, e.g. course-clicks or course-search-clicks, optionally one day's row keys")
    .argument('<table>', 'counter table: course-clicks, course-search-clicks, …')
    .option('--day <yyyymmdd>', 'only row keys of that day (prefix <day>_)', parseDay)
    .option('--store <spec>', 'PGlite data directory, or postgres://user@host:port/db', DEFAULT_STORE_SPEC)
    .action(async (table: string, flags: { day?: string; store: string }, cmd: Command) => {
      await print(cmd, flags.store, (store) => queryCounters(store, table, flags));
    });
  store
    .command('scan')
    .description("the HBase shell's scan 'TABLE': every row of a counter table with its cell, optionally a row-key prefix and a limit")
    .argument('<table>', 'counter table: course-clicks, course-search-clicks, …')
    .option('--prefix <rowkey>', "only rows whose key starts with it (HBase's ROWPREFIXFILTER), e.g. 20181111_")
    .option('--limit <n>', "at most this many rows (HBase's LIMIT)", parseIntOption('--limit', 1))
    .option('--store <spec>', 'PGlite data directory, or postgres://user@host:port/db', DEFAULT_STORE_SPEC)
    .action(async (table: string, flags: { prefix?: string; limit?: number; store: string }, cmd: Command) => {
      await print(cmd, flags.store, async (store) => {
        const started = performance.now();
        const cells = await store.counterCells(table, { prefix: flags.prefix ?? '', limit: flags.limit });
        return formatScan(cells, (performance.now() - started) / 1000);
      });
    });
  store
    .command('get')
    .description("the HBase shell's get 'TABLE', 'ROWKEY': one row's cell")
    .argument('<table>', 'counter table: course-clicks, course-search-clicks, …')
    .argument('<rowkey>', 'the row key, e.g. 20181111_1')
    .option('--store <spec>', 'PGlite data directory, or postgres://user@host:port/db', DEFAULT_STORE_SPEC)
    .action(async (table: string, rowKey: string, flags: { store: string }, cmd: Command) => {
      await print(cmd, flags.store, async (store) => {
        const started = performance.now();
        const [cell] = await store.counterCells(table, { rowKey });
        return formatGet(cell, (performance.now() - started) / 1000);
      });
    });
}

/** Opens the store (never creating one where a mistyped path points), prints what `work` makes of it, closes it. */
async function print(cmd: Command, spec: string, work: (store: Store) => Promise<string>): Promise<void> {
  try {
    if (backendOf(spec) === 'pglite' && !existsSync(spec)) throw new StoreNotFoundError(spec);
    const store = await openStore(spec, { logger: loggerFor(cmd, 'store') });
    try {
      process.stdout.write(await work(store));
    } finally {
      await store.close();
    }
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    // A store problem is not a usage problem, so no help text after it.
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = 1;
  }
}

async function queryCounters(store: Store, table: string, flags: { day?: string }): Promise<string> {
  const rows = await store.scanCounters(table, flags.day ? `${flags.day}_` : '');
  if (rows.length > 0) return formatCounters(rows);
  const tables = (await store.counterTables()).map((t) => t.table);
  return (
    `no rows in ${table}${flags.day ? ` for day ${flags.day}` : ''}; ` +
    (tables.length ? `counter tables in the store: ${tables.join(', ')}\n` : 'the store holds no counters yet\n')
  );
}

function formatCounters(rows: readonly Counter[]): string {
  const keyWidth = Math.max('row key'.length, ...rows.map((r) => r.rowKey.length));
  const total = rows.reduce((sum, r) => sum + r.value, 0);
  const valueWidth = Math.max('count'.length, String(total).length, ...rows.map((r) => String(r.value).length));
  const line = (key: string, value: string) => `${key.padEnd(keyWidth)}  ${value.padStart(valueWidth)}\n`;
  return (
    line('row key', 'count') +
    line('-'.repeat(keyWidth), '-'.repeat(valueWidth)) +
    rows.map((r) => line(r.rowKey, String(r.value))).join('') +
    line('-'.repeat(keyWidth), '-'.repeat(valueWidth)) +
    line(`${rows.length} row${rows.length === 1 ? '' : 's'}`, String(total))
  );
}

function parseDay(value: string): string {
  if (!/^\d{8}$/.test(value)) throw new InvalidArgumentError(`--day takes a date as yyyymmdd, e.g. 20261121; got "${value}"`);
  return value;
}
