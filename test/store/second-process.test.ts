// needs: postgresql (each suite runs on PGlite and on a throwaway PostgreSQL server)
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LOCK_FILE } from '../../src/store/pglite-lock.js';
import { openStore, StoreLockedError } from '../../src/store/index.js';
import { describeEachBackend } from './backends.js';
import { spawnNode } from '../helpers/child-process.js';

describeEachBackend('a second process on one store', (backend) => {
  if (backend.name === 'pglite') {
    test('is refused with the holder named; once the holder is killed -9, its stale lock is taken over', async () => {
      const spec = await backend.freshSpec();
      const holder = spawnNode(new URL('./hold-store.js', import.meta.url).pathname, [spec]);
      try {
        await holder.waitFor(/^ready$/m);
        await assert.rejects(
          openStore(spec),
          (err: unknown) =>
            err instanceof StoreLockedError &&
            err.owner.pid === holder.pid &&
            err.message.includes(`process ${holder.pid}`) &&
            err.message.includes('hold-store.js') &&
            err.message.includes('postgres://'),
        );
      } finally {
        await holder.stop('SIGKILL');
      }
      assert.ok(existsSync(join(spec, LOCK_FILE)), 'a killed holder leaves its lock behind');

      const store = await openStore(spec);
      await assert.rejects(openStore(spec), (err: unknown) => err instanceof StoreLockedError && err.message.includes('this process'));
      await store.incrementCounters([{ table: 't', rowKey: 'k', amount: 1 }], { job: 'j', batchId: '1' });
      await store.close();
      assert.ok(!existsSync(join(spec, LOCK_FILE)), 'close removes the lock');
    });
  } else {
    test('is welcome: PostgreSQL serves both', async () => {
      const spec = await backend.freshSpec();
      const holder = spawnNode(new URL('./hold-store.js', import.meta.url).pathname, [spec]);
      try {
        await holder.waitFor(/^ready$/m);
        const store = await openStore(spec);
        await store.incrementCounters([{ table: 't', rowKey: 'k', amount: 1 }], { job: 'j', batchId: '1' });
        assert.equal(await store.readCounter('t', 'k'), 1);
        await store.close();
      } finally {
        await holder.stop('SIGKILL');
      }
    });
  }
});
