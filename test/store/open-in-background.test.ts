import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore, StoreOpenError } from '../../src/store/index.js';
import { openStoreInBackground } from '../../src/store/open-store.js';

test('a new embedded store opened in the background takes writes at once and keeps every one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-store-bg-'));
  const spec = join(dir, 'store');
  try {
    const { store, ready } = openStoreInBackground(spec);
    assert.equal(store.backend, 'pglite');
    assert.equal(store.target, spec);
    // Called before initdb has finished: they queue, in order, until the store is open.
    const writes = [1, 2, 3].map((n) =>
      store.incrementCounters([{ table: 'course-clicks', rowKey: '20261203_130', amount: n }], { job: 'bg', batchId: `b${n}` }),
    );
    const results = await Promise.all(writes);
    await ready;
    assert.deepEqual(
      results.map((r) => (r.status === 'applied' ? r.counters[0]!.value : r.status)),
      [1, 3, 6],
    );
    await store.close();
    const reopened = await openStore(spec);
    try {
      assert.equal(await reopened.readCounter('course-clicks', '20261203_130'), 6);
    } finally {
      await reopened.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a store that cannot be opened fails `ready` and every call with the same error, and close has nothing to do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-store-bg-'));
  const spec = join(dir, 'a-file');
  writeFileSync(spec, 'not a directory');
  try {
    const { store, ready } = openStoreInBackground(spec);
    await assert.rejects(ready, StoreOpenError);
    await assert.rejects(store.readCounter('course-clicks', 'x'), StoreOpenError);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
