// needs: postgresql (each suite runs on PGlite and on a throwaway PostgreSQL server)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InvalidBatchError, openStore, type Store, type WindowResult } from '../../src/store/index.js';
import { describeEachBackend } from './backends.js';

const T0 = Date.parse('2026-11-21T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const window = (second: number, key: string, value: number): WindowResult => ({ windowStart: at(second), windowEnd: at(second + 1), key, value });

describeEachBackend('window results', (backend) => {
  let store: Store;
  before(async () => {
    store = await openStore(await backend.freshSpec());
  });
  after(() => store.close());

  test('a time-range query returns the windows starting in [from, to), oldest first, of that job only', async () => {
    const results = [0, 1, 2, 3].flatMap((s) => [window(s, '0', s * 10), window(s, '1', s * 10 + 1)]);
    await store.upsertWindowResults('sex', results);
    await store.upsertWindowResults('other-job', [window(1, '0', 999)]);

    const got = await store.queryWindowResults('sex', at(1), at(3));
    assert.deepEqual(got, [window(1, '0', 10), window(1, '1', 11), window(2, '0', 20), window(2, '1', 21)]);
    assert.deepEqual(await store.queryWindowResults('sex', at(10), at(20)), []);
  });

  test('writing a window again replaces it instead of adding a row', async () => {
    await store.upsertWindowResults('again', [window(0, 'girls', 3), window(0, 'boys', 6)]);
    await store.upsertWindowResults('again', [window(0, 'girls', 3), window(0, 'boys', 6)]);
    await store.upsertWindowResults('again', [window(0, 'boys', 7)]);
    assert.deepEqual(await store.queryWindowResults('again', at(0), at(1)), [window(0, 'boys', 7), window(0, 'girls', 3)]);
  });

  test('within one batch the last result for a window and key wins', async () => {
    await store.upsertWindowResults('dups', [window(5, 'k', 1), window(5, 'k', 2), window(5, 'k', 3)]);
    assert.deepEqual(await store.queryWindowResults('dups', at(0), at(10)), [window(5, 'k', 3)]);
  });

  test('a malformed result is refused and nothing of its batch is written', async () => {
    await assert.rejects(store.upsertWindowResults('bad', [window(0, 'k', 1), window(1, 'k', Number.NaN)]), InvalidBatchError);
    await assert.rejects(store.upsertWindowResults('bad', [{ ...window(0, 'k', 1), windowStart: new Date('nope') }]), InvalidBatchError);
    assert.deepEqual(await store.queryWindowResults('bad', at(-10), at(10)), []);
  });
});
