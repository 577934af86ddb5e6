// needs: postgresql (each suite runs on PGlite and on a throwaway PostgreSQL server)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrate } from '../../src/store/migrate.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqlClient } from '../../src/store/open-client.js';
import { openStore, StoreSchemaTooNewError } from '../../src/store/index.js';
import type { SqlClient } from '../../src/store/sql.js';
import { describeEachBackend } from './backends.js';

const ALL = MIGRATIONS.map((m) => m.version);

async function appliedVersions(client: SqlClient): Promise<number[]> {
  const rows = await client.query<{ version: number }>('SELECT version FROM streamdash_migrations ORDER BY version');
  return rows.map((r) => Number(r.version));
}

async function tables(client: SqlClient): Promise<string[]> {
  const rows = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  return rows.map((r) => r.table_name);
}

describeEachBackend('migrations', (backend) => {
  test('an empty store gets every migration, once', async () => {
    const client = await openSqlClient(await backend.freshSpec());
    try {
      assert.deepEqual(await tables(client), []);
      assert.deepEqual(await migrate(client), ALL);
      assert.deepEqual(await appliedVersions(client), ALL);
      assert.deepEqual(await tables(client), ['counters', 'job_batches', 'job_offsets', 'popularity_snapshots', 'streamdash_migrations', 'window_results']);
      assert.deepEqual(await migrate(client), []);
    } finally {
      await client.close();
    }
  });

  test('an existing store on an older schema gets only the newer migrations and keeps its data', async () => {
    const spec = await backend.freshSpec();
    const client = await openSqlClient(spec);
    try {
      assert.deepEqual(await migrate(client, MIGRATIONS.slice(0, 1)), [1]);
      await client.query("INSERT INTO counters (tbl, row_key, value) VALUES ('course-clicks', '20261121_130', 41)");
    } finally {
      await client.close();
    }

    const store = await openStore(spec);
    try {
      assert.deepEqual(await store.migrate(), []);
      assert.equal(await store.readCounter('course-clicks', '20261121_130'), 41);
      await store.upsertWindowResults('sex', [{ windowStart: new Date(0), windowEnd: new Date(1000), key: '0', value: 1 }]);
    } finally {
      await store.close();
    }
    const after = await openSqlClient(spec);
    try {
      assert.deepEqual(await appliedVersions(after), ALL);
    } finally {
      await after.close();
    }
  });

  test('reopening a current store applies nothing and keeps its data', async () => {
    const spec = await backend.freshSpec();
    const first = await openStore(spec);
    await first.incrementCounters([{ table: 'course-clicks', rowKey: '20261121_1', amount: 9 }], { job: 'j', batchId: '1' });
    await first.close();

    const second = await openStore(spec);
    try {
      assert.deepEqual(await second.migrate(), []);
      assert.equal(await second.readCounter('course-clicks', '20261121_1'), 9);
    } finally {
      await second.close();
    }
  });

  test('migrations started twice at once apply once', async () => {
    const spec = await backend.freshSpec();
    // PGlite allows one handle per directory, so there both runs share it; PostgreSQL gets two connections.
    const a = await openSqlClient(spec);
    const b = backend.name === 'postgres' ? await openSqlClient(spec) : a;
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      assert.deepEqual([...ra, ...rb].sort(), ALL);
      assert.deepEqual(await appliedVersions(a), ALL);
    } finally {
      await a.close();
      if (b !== a) await b.close();
    }
  });

  test('a store migrated by a newer streamdash is refused, saying to upgrade', async () => {
    const spec = await backend.freshSpec();
    const client = await openSqlClient(spec);
    try {
      await migrate(client);
      await client.query("INSERT INTO streamdash_migrations (version, name) VALUES (99, 'from the future')");
    } finally {
      await client.close();
    }
    await assert.rejects(openStore(spec), (err: unknown) => err instanceof StoreSchemaTooNewError && /version 99.*upgrade streamdash/.test(err.message));
  });
});
