// needs: postgresql (each suite runs on PGlite and on a throwaway PostgreSQL server)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InvalidBatchError, OffsetConflictError, openStore, type Store } from '../../src/store/index.js';
import { describeEachBackend } from './backends.js';

describeEachBackend('counters', (backend) => {
  let store: Store;
  before(async () => {
    store = await openStore(await backend.freshSpec());
  });
  after(() => store.close());

  test('increments start at zero, add up and return the new values, like incrementColumnValue', async () => {
    const first = await store.incrementCounters(
      [
        { table: 'course-clicks', rowKey: '20261121_130', amount: 3 },
        { table: 'course-clicks', rowKey: '20261121_130', amount: 2 },
        { table: 'course-clicks', rowKey: '20261121_145', amount: 1 },
      ],
      { job: 'inc', batchId: 'b1' },
    );
    assert.deepEqual(first, {
      status: 'applied',
      counters: [
        { table: 'course-clicks', rowKey: '20261121_130', value: 5 },
        { table: 'course-clicks', rowKey: '20261121_145', value: 1 },
      ],
    });
    const second = await store.incrementCounters([{ table: 'course-clicks', rowKey: '20261121_130', amount: -4 }], { job: 'inc', batchId: 'b2' });
    assert.deepEqual(second, { status: 'applied', counters: [{ table: 'course-clicks', rowKey: '20261121_130', value: 1 }] });
    assert.equal(await store.readCounter('course-clicks', '20261121_130'), 1);
    assert.equal(await store.readCounter('course-clicks', '20261121_999'), undefined);
  });

  test('the same row key in two tables is two counters', async () => {
    await store.incrementCounters(
      [
        { table: 'table-a', rowKey: '20261121_1', amount: 7 },
        { table: 'table-b', rowKey: '20261121_1', amount: 11 },
      ],
      { job: 'tables', batchId: 'b1' },
    );
    assert.equal(await store.readCounter('table-a', '20261121_1'), 7);
    assert.equal(await store.readCounter('table-b', '20261121_1'), 11);
    const tables = await store.counterTables();
    assert.deepEqual(
      tables.filter((t) => t.table.startsWith('table-')),
      [
        { table: 'table-a', rows: 1 },
        { table: 'table-b', rows: 1 },
      ],
    );
  });

  test("a prefix scan returns one day's keys of one table, in key order, and reads _ and % literally", async () => {
    const keys = ['20261121_9', '20261121_10', '20261121_www.baidu.com_9', '20261122_9', '20261121x9', '2026112_1', '50%_1', '50%x1'];
    await store.incrementCounters(
      keys.map((rowKey, i) => ({ table: 'scan', rowKey, amount: i + 1 })),
      { job: 'scan', batchId: 'b1' },
    );
    await store.incrementCounters([{ table: 'scan-other', rowKey: '20261121_9', amount: 100 }], { job: 'scan', batchId: 'b2' });

    const day = await store.scanCounters('scan', '20261121_');
    assert.deepEqual(
      day.map((c) => [c.rowKey, c.value]),
      [
        ['20261121_10', 2],
        ['20261121_9', 1],
        ['20261121_www.baidu.com_9', 3],
      ],
    );
    assert.deepEqual(
      (await store.scanCounters('scan', '50%_')).map((c) => c.rowKey),
      ['50%_1'],
    );
    assert.equal((await store.scanCounters('scan', '')).length, keys.length);
    assert.deepEqual(await store.scanCounters('scan', '1999'), []);
  });

  test('a batch whose offsets are committed already is skipped and changes nothing', async () => {
    const batch = [{ table: 'offsets', rowKey: '20261121_1', amount: 5 }];
    const offsets = [
      { topic: 'clicks', partition: 0, offset: 10 },
      { topic: 'clicks', partition: 1, offset: 4 },
    ];
    assert.equal((await store.incrementCounters(batch, { job: 'replay', offsets })).status, 'applied');
    const replay = await store.incrementCounters(batch, { job: 'replay', offsets });
    assert.equal(replay.status, 'skipped');
    const older = await store.incrementCounters(batch, { job: 'replay', offsets: [{ topic: 'clicks', partition: 0, offset: 3 }] });
    assert.equal(older.status, 'skipped');
    assert.equal(await store.readCounter('offsets', '20261121_1'), 5);
    assert.deepEqual(await store.committedOffsets('replay'), offsets);
    assert.deepEqual(await store.committedOffsets('another-job'), []);
  });

  test('a batch that moves some partitions but replays others is refused whole', async () => {
    const job = 'overlap';
    await store.incrementCounters([{ table: 'overlap', rowKey: 'k', amount: 1 }], {
      job,
      offsets: [
        { topic: 't', partition: 0, offset: 10 },
        { topic: 't', partition: 1, offset: 10 },
      ],
    });
    await assert.rejects(
      store.incrementCounters([{ table: 'overlap', rowKey: 'k', amount: 1 }], {
        job,
        offsets: [
          { topic: 't', partition: 0, offset: 20 },
          { topic: 't', partition: 1, offset: 8 },
        ],
      }),
      (err: unknown) => err instanceof OffsetConflictError && /t\[1\] reads up to 8, committed 10/.test(err.message),
    );
    assert.equal(await store.readCounter('overlap', 'k'), 1);
    assert.deepEqual(
      (await store.committedOffsets(job)).map((o) => o.offset),
      [10, 10],
    );
  });

  test('with from given, a batch must start at the committed offset; a partition that read nothing may stay', async () => {
    const job = 'from';
    const add = (offsets: { topic: string; partition: number; from: number; offset: number }[]) =>
      store.incrementCounters([{ table: 'from', rowKey: 'k', amount: 1 }], { job, offsets });
    assert.equal((await add([{ topic: 't', partition: 0, from: 0, offset: 10 }])).status, 'applied');
    await assert.rejects(add([{ topic: 't', partition: 0, from: 5, offset: 15 }]), OffsetConflictError);
    await assert.rejects(add([{ topic: 't', partition: 0, from: 12, offset: 15 }]), OffsetConflictError);
    const next = await add([
      { topic: 't', partition: 0, from: 10, offset: 15 },
      { topic: 't', partition: 1, from: 0, offset: 0 },
    ]);
    assert.equal(next.status, 'applied');
    const idle = await add([
      { topic: 't', partition: 0, from: 15, offset: 16 },
      { topic: 't', partition: 1, from: 0, offset: 0 },
    ]);
    assert.equal(idle.status, 'applied');
    assert.equal(await store.readCounter('from', 'k'), 3);
  });

  test('a batch id applies once', async () => {
    const batch = [{ table: 'ids', rowKey: 'k', amount: 2 }];
    assert.equal((await store.incrementCounters(batch, { job: 'ids', batchId: '2026-11-21T10:00:00Z' })).status, 'applied');
    const again = await store.incrementCounters(batch, { job: 'ids', batchId: '2026-11-21T10:00:00Z' });
    assert.deepEqual(again, { status: 'skipped', reason: 'batch "2026-11-21T10:00:00Z" of job "ids" was applied before' });
    assert.equal((await store.incrementCounters(batch, { job: 'other-job', batchId: '2026-11-21T10:00:00Z' })).status, 'applied');
    assert.equal(await store.readCounter('ids', 'k'), 4);
  });

  test('an empty batch still moves the offsets, so a job with nothing to count makes progress', async () => {
    const result = await store.incrementCounters([], { job: 'empty', offsets: [{ topic: 't', partition: 0, offset: 42 }] });
    assert.deepEqual(result, { status: 'applied', counters: [] });
    assert.deepEqual(await store.committedOffsets('empty'), [{ topic: 't', partition: 0, offset: 42 }]);
  });

  test('malformed batches are refused before anything is written', async () => {
    await assert.rejects(store.incrementCounters([{ table: 'bad', rowKey: 'k', amount: 1.5 }], { job: 'bad', batchId: 'b' }), InvalidBatchError);
    await assert.rejects(store.incrementCounters([{ table: 'bad', rowKey: 'k', amount: 1 }], { job: '', batchId: 'b' }), InvalidBatchError);
    await assert.rejects(store.incrementCounters([{ table: 'bad', rowKey: 'k', amount: 1 }], { job: 'bad', offsets: [] }), InvalidBatchError);
    await assert.rejects(
      store.incrementCounters([{ table: 'bad', rowKey: 'k', amount: 1 }], {
        job: 'bad',
        offsets: [
          { topic: 't', partition: 0, offset: 1 },
          { topic: 't', partition: 0, offset: 2 },
        ],
      }),
      InvalidBatchError,
    );
    assert.equal(await store.readCounter('bad', 'k'), undefined);
    assert.deepEqual(await store.committedOffsets('bad'), []);
    assert.equal((await store.incrementCounters([{ table: 'bad', rowKey: 'k', amount: 1 }], { job: 'bad', batchId: 'b' })).status, 'applied');
  });
});
