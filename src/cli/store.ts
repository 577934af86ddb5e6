import { existsSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { backendOf, DEFAULT_STORE_SPEC, openStore, StoreError, StoreNotFoundError, type Counter } from '../store/index.js';
import type { Logger } from '../log.js';
import { loggerFor } from './options.js';

/** `streamdash store query <table> [--day D]`: the HBase `scan` of the seeds, as a table. */
export function registerStore(program: Command): void {
  const store = program.command('store').description('read the results store (PGlite directory or PostgreSQL)');
  store
    .command('query')
    .description("print a counter table, e.g. course-clicks or course-search-clicks, optionally one day's row keys")
    .argument('<table>', 'counter table: course-clicks, course-search-clicks, …')
    .option('--day <yyyymmdd>', 'only row keys of that day (prefix <day>_)', parseDay)
    .option('--store <spec>', 'PGlite data directory, or postgres://user@host:port/db', DEFAULT_STORE_SPEC)
    .action(async (table: string, flags: { day?: string; store: string }, cmd: Command) => {
      try {
        process.stdout.write(await queryCounters(table, flags, loggerFor(cmd, 'store')));
      } catch (err) {
        if (!(err instanceof StoreError)) throw err;
        // A store problem is not a usage problem, so no help text after it.
        process.stderr.write(`error: ${err.message}\n`);
        process.exitCode = 1;
      }
    });
}

async function queryCounters(table: string, flags: { day?: string; store: string }, logger: Logger): Promise<string> {
  // A query must not leave an empty store behind wherever a mistyped path points.
  if (backendOf(flags.store) === 'pglite' && !existsSync(flags.store)) {
    throw new StoreNotFoundError(flags.store);
  }
  const store = await openStore(flags.store, { logger });
  try {
    const rows = await store.scanCounters(table, flags.day ? `${flags.day}_` : '');
    if (rows.length > 0) return formatCounters(rows);
    const tables = (await store.counterTables()).map((t) => t.table);
    return (
      `no rows in ${table}${flags.day ? ` for day ${flags.day}` : ''}; ` +
      (tables.length ? `counter tables in the store: ${tables.join(', ')}\n` : 'the store holds no counters yet\n')
    );
  } finally {
    await store.close();
  }
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
