// needs: postgresql (each suite runs on PGlite and on a throwaway PostgreSQL server)
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { openSqlClient } from '../../src/store/open-client.js';
import { openStore } from '../../src/store/index.js';
import { describeEachBackend } from './backends.js';
import { spawnNode } from '../helpers/child-process.js';
import { DAY, expectedTotals, PARTITIONS, storedTotals } from './click-log.js';

const JOB = 'course-clicks';
const BATCHES = 8;
const BATCH_SIZE = 40;
const KILLED_IN = 5;
const REPLAY = 2;

/**
 * Makes batch KILLED_IN stop in the middle, after its offsets and part of its
 * counters are written and before it commits, so the kill lands there every
 * time rather than by luck of timing: a trigger sleeps on a row the batch
 * upserts half way through.
 */
async function armPause(spec: string): Promise<void> {
  const client = await openSqlClient(spec);
  try {
    await client.query('CREATE TABLE crash_plan (armed boolean NOT NULL, pause_at bigint NOT NULL)');
    await client.query('INSERT INTO crash_plan VALUES (true, $1)', [(KILLED_IN + 1) * BATCH_SIZE]);
    await client.query(`CREATE FUNCTION pause_mid_batch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM crash_plan p JOIN job_offsets o ON o.next_offset = p.pause_at AND o.partition = 0 WHERE p.armed) THEN
          PERFORM pg_sleep(60);
        END IF;
        RETURN NEW;
      END $$`);
    await client.query(`CREATE TRIGGER pause_mid_batch BEFORE INSERT ON counters FOR EACH ROW
      WHEN (NEW.tbl = 'course-clicks' AND NEW.row_key = '${DAY}_130') EXECUTE FUNCTION pause_mid_batch()`);
  } finally {
    await client.close();
  }
}

describeEachBackend('a writer killed -9 mid-batch', (backend) => {
  test('restarts from the committed offsets, replays, and the totals are exact: no batch counts twice', async () => {
    const spec = await backend.freshSpec();
    await (await openStore(spec)).close();
    await armPause(spec);

    const first = spawnNode(new URL('./crash-writer.js', import.meta.url).pathname, [spec, JOB, String(BATCHES), String(BATCH_SIZE), String(REPLAY)]);
    await first.waitFor(new RegExp(`^begin ${KILLED_IN}$`, 'm'));
    if (backend.name === 'postgres') await waitForSleepingBackend(spec);
    else await sleep(500); // the whole process sleeps inside PGlite, so only time tells it got there
    first.proc.kill('SIGKILL');
    const killed = await first.exited;
    assert.equal(killed.signal, 'SIGKILL', `the writer ended before the kill: ${first.output()}`);

    const client = await openSqlClient(spec);
    try {
      const offsets = await client.query<{ next_offset: string | number }>('SELECT next_offset FROM job_offsets ORDER BY partition');
      assert.deepEqual(
        offsets.map((o) => Number(o.next_offset)),
        PARTITIONS.map(() => KILLED_IN * BATCH_SIZE),
        'the killed batch must not have committed',
      );
      await client.query('UPDATE crash_plan SET armed = false');
    } finally {
      await client.close();
    }

    const second = spawnNode(new URL('./crash-writer.js', import.meta.url).pathname, [spec, JOB, String(BATCHES), String(BATCH_SIZE), String(REPLAY)]);
    const done = await second.exited;
    assert.equal(done.code, 0, second.output());
    assert.deepEqual(JSON.parse(second.lines().at(-1)!), { resumedAt: KILLED_IN * BATCH_SIZE, applied: BATCHES - KILLED_IN, skipped: REPLAY });

    const store = await openStore(spec);
    try {
      assert.deepEqual(await storedTotals(store), expectedTotals(PARTITIONS, BATCHES * BATCH_SIZE));
      assert.deepEqual(
        (await store.committedOffsets(JOB)).map((o) => o.offset),
        PARTITIONS.map(() => BATCHES * BATCH_SIZE),
      );
    } finally {
      await store.close();
    }
  });
});

/** Proof that the writer is inside its transaction: its server backend waits in the trigger's pg_sleep. */
async function waitForSleepingBackend(spec: string): Promise<void> {
  const client = await openSqlClient(spec);
  try {
    for (let i = 0; i < 300; i++) {
      const rows = await client.query("SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND state = 'active'");
      if (rows.length === 1) return;
      await sleep(20);
    }
    throw new Error('the writer never reached the pause in its batch');
  } finally {
    await client.close();
  }
}
