/**
 * `npm run bench -- store [--rows N] [--batch N] [--baseline-rows N] [--postgres URL]`
 *
 * Counter increments and window-result upserts per second, on PGlite and on
 * PostgreSQL, written the store's way (one statement per batch, in one
 * transaction with the batch's offsets). The baseline is the same work sent
 * one row per round trip, as the seed's HBase job sends one
 * incrementColumnValue per record.
 *
 * PostgreSQL is a throwaway cluster (test/helpers/postgres.ts, with fsync
 * and synchronous commit on) unless --postgres names an empty database to
 * write into.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, type CounterIncrement, type Store, type WindowResult } from '../src/store/index.js';
import { postgresUnavailableReason, startThrowawayPostgres } from '../test/helpers/postgres.js';
import { printFigures, type Figure } from './report.js';

interface Sizes {
  rows: number;
  batch: number;
  baselineRows: number;
}

const KEYS = 1000;
const T0 = Date.parse('2026-11-21T00:00:00Z');

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rows: { type: 'string', default: '20000' },
      batch: { type: 'string', default: '500' },
      'baseline-rows': { type: 'string', default: '1000' },
      postgres: { type: 'string' },
    },
  });
  const sizes: Sizes = { rows: Number(values.rows), batch: Number(values.batch), baselineRows: Number(values['baseline-rows']) };
  console.log(`store bench: ${sizes.rows} rows in batches of ${sizes.batch}; baseline ${sizes.baselineRows} rows one per round trip`);

  const dir = mkdtempSync(join(tmpdir(), 'streamdash-bench-store-'));
  try {
    await benchBackend('PGlite (embedded)', join(dir, 'store'), sizes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (values.postgres) {
    await benchBackend('PostgreSQL', values.postgres, sizes);
    return;
  }
  const reason = postgresUnavailableReason();
  if (reason) {
    console.log(`\nPostgreSQL skipped: ${reason}; or pass --postgres postgres://user@host:port/db`);
    return;
  }
  const cluster = await startThrowawayPostgres({ durable: true });
  try {
    await benchBackend('PostgreSQL (throwaway local cluster)', await cluster.createDatabase(), sizes);
  } finally {
    await cluster.stop();
  }
}

async function benchBackend(title: string, spec: string, sizes: Sizes): Promise<void> {
  const store = await openStore(spec);
  try {
    const run = `bench-${Date.now()}`;
    const increments = await rate(sizes.rows, () => batchedIncrements(store, run, sizes.rows, sizes.batch));
    const incrementsBaseline = await rate(sizes.baselineRows, () => batchedIncrements(store, `${run}-baseline`, sizes.baselineRows, 1));
    // Every window is written twice, as a replayed batch would: half the upserts insert, half update.
    const upserts = await rate(2 * sizes.rows, () => batchedUpserts(store, run, sizes.rows, sizes.batch));
    const upsertsBaseline = await rate(2 * sizes.baselineRows, () => batchedUpserts(store, `${run}-baseline`, sizes.baselineRows, 1));
    const figures: Figure[] = [
      { name: 'counter increments', value: increments, unit: 'increments/s', baseline: incrementsBaseline },
      { name: 'window-result upserts', value: upserts, unit: 'upserts/s', baseline: upsertsBaseline },
    ];
    printFigures(`store: ${title}`, figures, 'one row per round trip');
  } finally {
    await store.close();
  }
}

/** Rows per second of fn, which handles `rows` rows. */
async function rate(rows: number, fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return rows / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function batchedIncrements(store: Store, job: string, rows: number, batch: number): Promise<void> {
  for (let from = 0; from < rows; from += batch) {
    const until = Math.min(rows, from + batch);
    const increments: CounterIncrement[] = [];
    for (let i = from; i < until; i++) {
      increments.push({ table: i % 2 ? 'course-clicks' : 'course-search-clicks', rowKey: `20261121_${job}_${i % KEYS}`, amount: 1 });
    }
    const result = await store.incrementCounters(increments, { job, offsets: [{ topic: 'access-log', partition: 0, from, offset: until }] });
    if (result.status !== 'applied') throw new Error(`bench batch at ${from} was ${result.status}: ${JSON.stringify(result)}`);
  }
}

async function batchedUpserts(store: Store, job: string, rows: number, batch: number): Promise<void> {
  for (let pass = 0; pass < 2; pass++) {
    for (let from = 0; from < rows; from += batch) {
      const results: WindowResult[] = [];
      for (let i = from; i < Math.min(rows, from + batch); i++) {
        const second = Math.floor(i / 10);
        results.push({ windowStart: new Date(T0 + second * 1000), windowEnd: new Date(T0 + (second + 1) * 1000), key: String(i % 10), value: i + pass });
      }
      await store.upsertWindowResults(job, results);
    }
  }
}
