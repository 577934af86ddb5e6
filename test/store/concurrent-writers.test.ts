// needs: postgresql (each suite runs on PGlite and on a throwaway PostgreSQL server)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore, type IncrementResult, type Store } from '../../src/store/index.js';
import { describeEachBackend } from './backends.js';
import { batchOf, expectedTotals, storedTotals } from './click-log.js';

const BATCHES = 20;
const BATCH_SIZE = 50;

describeEachBackend('two writers at once', (backend) => {
  /** PostgreSQL: two stores, i.e. two connection pools. PGlite allows one handle per directory, so both writers share it. */
  async function twoWriters(): Promise<[Store, Store, () => Promise<void>]> {
    const spec = await backend.freshSpec();
    const a = await openStore(spec, { poolSize: 2 });
    const b = backend.name === 'postgres' ? await openStore(spec, { poolSize: 2 }) : a;
    return [a, b, async () => {
      await a.close();
      if (b !== a) await b.close();
    }];
  }

  async function writeAll(store: Store, partition: number): Promise<IncrementResult[]> {
    const results: IncrementResult[] = [];
    for (let n = 0; n < BATCHES; n++) {
      const { increments, offsets } = batchOf([partition], n, BATCH_SIZE);
      results.push(await store.incrementCounters(increments, { job: 'course-clicks', offsets }));
    }
    return results;
  }

  test('writers on two partitions of one job increment the same keys; the totals are exact', async () => {
    const [a, b, close] = await twoWriters();
    try {
      const [ra, rb] = await Promise.all([writeAll(a, 0), writeAll(b, 1)]);
      assert.deepEqual([...ra, ...rb].map((r) => r.status), Array(2 * BATCHES).fill('applied'));
      assert.deepEqual(await storedTotals(a), expectedTotals([0, 1], BATCHES * BATCH_SIZE));
      assert.deepEqual(
        (await a.committedOffsets('course-clicks')).map((o) => [o.partition, o.offset]),
        [
          [0, BATCHES * BATCH_SIZE],
          [1, BATCHES * BATCH_SIZE],
        ],
      );
    } finally {
      await close();
    }
  });

  test('two writers sending the same batches at once: each batch is applied exactly once', async () => {
    const [a, b, close] = await twoWriters();
    try {
      const [ra, rb] = await Promise.all([writeAll(a, 0), writeAll(b, 0)]);
      for (let n = 0; n < BATCHES; n++) {
        assert.deepEqual([ra[n]!.status, rb[n]!.status].sort(), ['applied', 'skipped'], `batch ${n}`);
      }
      assert.deepEqual(await storedTotals(a), expectedTotals([0], BATCHES * BATCH_SIZE));
    } finally {
      await close();
    }
  });
});
