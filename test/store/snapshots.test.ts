// needs: postgresql (each suite runs on PGlite and on a throwaway PostgreSQL server)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openStore, SNAPSHOT_SIZE, type Store } from '../../src/store/index.js';
import { describeEachBackend } from './backends.js';

const at = (minute: number) => new Date(Date.parse('2026-11-21T10:00:00Z') + minute * 60_000);

describeEachBackend('popularity snapshots', (backend) => {
  let store: Store;
  before(async () => {
    store = await openStore(await backend.freshSpec());
  });
  after(() => store.close());

  test('a snapshot keeps the ten highest scores, ranked, and reads back the same', async () => {
    const entries = Array.from({ length: 14 }, (_, i) => ({ item: `page${i}`, score: (i * 5) % 14 }));
    const saved = await store.saveSnapshot('popularity', at(0), entries);
    assert.equal(saved.entries.length, SNAPSHOT_SIZE);
    assert.deepEqual(
      saved.entries.slice(0, 3),
      [
        { rank: 1, item: 'page11', score: 13 },
        { rank: 2, item: 'page8', score: 12 },
        { rank: 3, item: 'page5', score: 11 },
      ],
    );
    assert.deepEqual(saved.entries.at(-1), { rank: 10, item: 'page12', score: 4 });
    assert.deepEqual(await store.latestSnapshot('popularity'), saved);
  });

  test('the latest snapshot is the newest one; a range returns those taken in [from, to)', async () => {
    const job = 'range';
    for (let minute = 0; minute < 4; minute++) await store.saveSnapshot(job, at(minute), [{ item: `page${minute}`, score: minute }]);
    assert.deepEqual(await store.latestSnapshot(job), { job, takenAt: at(3), entries: [{ rank: 1, item: 'page3', score: 3 }] });
    const got = await store.snapshots(job, at(1), at(3));
    assert.deepEqual(
      got.map((s) => [s.takenAt.toISOString(), s.entries.map((e) => e.item)]),
      [
        [at(1).toISOString(), ['page1']],
        [at(2).toISOString(), ['page2']],
      ],
    );
    assert.equal(await store.latestSnapshot('no-such-job'), undefined);
  });

  test('saving a snapshot again at the same time replaces it', async () => {
    await store.saveSnapshot('again', at(0), [
      { item: 'a', score: 1 },
      { item: 'b', score: 2 },
    ]);
    await store.saveSnapshot('again', at(0), [{ item: 'c', score: 5 }]);
    assert.deepEqual(await store.snapshots('again', at(0), at(1)), [{ job: 'again', takenAt: at(0), entries: [{ rank: 1, item: 'c', score: 5 }] }]);
  });
});
