import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DeadLetterFile } from '../../../src/apps/dead-letter.js';
import { InputFileError } from '../../../src/apps/taobao/errors.js';
import { READ_CHUNK_BYTES, replayUserLog, type ReplayOptions } from '../../../src/apps/taobao/replay.js';
import { writeSyntheticUserLog } from '../../../src/apps/taobao/synthetic.js';
import { FakeClock } from '../fake-clock.js';
import { MemorySink } from './memory-sink.js';

const HEADER = 'user_id,item_id,cat_id,merchant_id,brand_id,month,day,action,age_range,gender,province';

/** Every edge case of the issue in one file, with the line numbers of the bad rows. */
const MESSY = [
  '\uFEFF' + HEADER, // 1: header behind a BOM
  '328862,323294,833,2882,2661,08,29,0,0,1,内蒙古', // 2
  '328862,844400,1271,2882,2661,08,29,0,1,0,"山西"', // 3: quoted province
  '328862,575153,1271,2882,,08,29,0,2,NULL,"黑龙江"', // 4: empty brand, NULL gender
  '328862,996875,1271,2882,2661,08,29,0,1,1', // 5: bad, 10 columns
  'abc,1086186,1271,1253,1049,08,29,0,0,2,浙江', // 6: bad, non-numeric id
  '', // 7: blank
  '328862,623866,1271,2882,2661,08,29,0,0,,"四,川"', // 8: empty gender, comma inside quotes
  '328862,542871,1467,2882,2661,08,29,0,5,2,四川,extra', // 9: bad, 12 columns
  '234512,399129,1467,2882,2661,11,11,2,5,0,"上海市"', // 10
  '',
  '',
].join('\r\n');

function setup(t: { after(fn: () => void): void }, content: string) {
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-replay-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'user_log.csv');
  writeFileSync(file, content);
  const deadLetter = new DeadLetterFile(join(dir, 'bad.jsonl'));
  t.after(() => deadLetter.close());
  const options = (more: Partial<ReplayOptions> = {}): ReplayOptions => ({ file, topic: 'sex', format: 'gender', rate: 0, deadLetter, ...more });
  return { dir, file, deadLetter, options };
}

test('every good row is sent once, in order; every bad row is skipped, counted and dead-lettered with its line', async (t) => {
  const { options, deadLetter } = setup(t, MESSY);
  const sink = new MemorySink();
  const summary = await replayUserLog(options(), sink);
  assert.deepEqual(sink.values, ['1', '0', 'NULL', 'NULL', '0']);
  assert.equal(summary.sent, 5);
  assert.equal(summary.bad, 3);
  assert.equal(summary.interrupted, false);
  assert.equal(summary.failure, undefined);
  deadLetter.close();
  const letters = readFileSync(deadLetter.path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(
    letters.map((l) => [l.line, l.reason]),
    [
      [5, 'expected 11 columns, found 10'],
      [6, 'user_id "abc" is not a number'],
      [9, 'expected 11 columns, found 12'],
    ],
  );
  assert.equal(letters[1].text, 'abc,1086186,1271,1253,1049,08,29,0,0,2,浙江');
  assert.deepEqual([...summary.badByReason], [
    ['expected N columns, found N', 2],
    ['user_id is not a number', 1],
  ]);
});

test('json sends typed rows with Chinese provinces intact; csv sends each row as read', async (t) => {
  const { options } = setup(t, MESSY);
  const json = new MemorySink();
  await replayUserLog(options({ format: 'json', topic: 'user_log' }), json);
  const rows = json.values.map((v) => JSON.parse(v));
  assert.deepEqual(rows.map((r) => r.province), ['内蒙古', '山西', '黑龙江', '四,川', '上海市']);
  assert.equal(rows[2].brand_id, null);
  assert.equal(rows[4].month, 11);
  assert.ok(json.sent.every((m) => m.topic === 'user_log'));

  const csv = new MemorySink();
  await replayUserLog(options({ format: 'csv' }), csv);
  assert.equal(csv.values[1], '328862,844400,1271,2882,2661,08,29,0,1,0,"山西"');
});

test('a file without a header sends its first row', async (t) => {
  const { options } = setup(t, '1,2,3,4,5,06,01,0,1,2,香港\n');
  const sink = new MemorySink();
  await replayUserLog(options(), sink);
  assert.deepEqual(sink.values, ['2']);
});

test('--limit stops after that many good rows; --loop starts over, skipping the header each pass', async (t) => {
  const { options } = setup(t, MESSY);
  const limited = new MemorySink();
  assert.equal((await replayUserLog(options({ limit: 2 }), limited)).sent, 2);
  assert.deepEqual(limited.values, ['1', '0']);

  const looped = new MemorySink();
  const summary = await replayUserLog(options({ loop: true, limit: 12 }), looped);
  assert.deepEqual(looped.values, ['1', '0', 'NULL', 'NULL', '0', '1', '0', 'NULL', 'NULL', '0', '1', '0']);
  assert.equal(summary.passes, 2);
  assert.equal(summary.bad, 6, 'each full pass sets its 3 bad rows aside again; the third pass stops before its first');
});

test('--loop over a file with no good row stops after one pass instead of spinning', async (t) => {
  const { options } = setup(t, HEADER + '\nx,y\n');
  const sink = new MemorySink();
  const summary = await replayUserLog(options({ loop: true }), sink);
  assert.equal(summary.sent, 0);
  assert.equal(summary.bad, 1);
  assert.equal(summary.passes, 1);
});

test('rate 10 sends one row every 100 ms of the fake clock, each as soon as its turn comes', async (t) => {
  const rows = Array.from({ length: 30 }, (_, i) => `${i + 1},1,1,1,1,11,11,0,0,${i % 3},北京市`);
  const { options } = setup(t, rows.join('\n'));
  const clock = new FakeClock(5000);
  const sink = new MemorySink(clock);
  const summary = await replayUserLog(options({ rate: 10, clock }), sink);
  assert.equal(summary.sent, 30);
  assert.deepEqual(
    sink.sent.map((m) => m.at),
    rows.map((_, i) => 5000 + i * 100),
  );
  assert.equal(summary.elapsedMs, 2900);
});

test('progress is reported while a slow replay works through a chunk, not only between chunks', async (t) => {
  const rows = Array.from({ length: 20 }, (_, i) => `${i + 1},1,1,1,1,11,11,0,0,1,北京市`);
  const { options } = setup(t, rows.join('\n') + '\n');
  const clock = new FakeClock();
  const seen: Array<[number, number]> = [];
  await replayUserLog(options({ rate: 10, clock, onProgress: (p) => seen.push([p.queued, p.bytesRead]) }), new MemorySink(clock));
  assert.ok(seen.length >= 19, `only ${seen.length} progress reports`);
  const bytes = seen.map(([, b]) => b);
  assert.deepEqual(bytes, [...bytes].sort((a, b) => a - b), 'bytes read only grow');
  assert.ok(bytes[5]! > 0 && bytes[5]! < bytes.at(-1)!, 'midway through the only chunk, part of it is counted');
});

test('aborting stops reading, flushes what was queued and says it was interrupted', async (t) => {
  const rows = Array.from({ length: 50 }, (_, i) => `${i + 1},1,1,1,1,11,11,0,0,1,北京市`);
  const { options } = setup(t, rows.join('\n'));
  const controller = new AbortController();
  const sink = new MemorySink();
  const push = sink.push.bind(sink);
  let pushed = 0;
  sink.push = (m) => {
    push(m);
    if (++pushed === 7) controller.abort();
  };
  const summary = await replayUserLog(options({ signal: controller.signal }), sink);
  assert.equal(summary.interrupted, true);
  assert.equal(summary.sent, 7);
  assert.equal(summary.queued, 7);
});

test('a failed send ends the replay with the failure in the summary instead of throwing it away', async (t) => {
  const { options } = setup(t, MESSY);
  const sink = new MemorySink();
  sink.failWith = new Error('broker went away');
  const summary = await replayUserLog(options(), sink);
  assert.equal(summary.failure?.message, 'broker went away');
  assert.equal(summary.sent, 0);
});

test('a missing file is an InputFileError that says how to make one', async (t) => {
  const { options, dir } = setup(t, '');
  await assert.rejects(replayUserLog(options({ file: join(dir, 'nope.csv') }), new MemorySink()), (e: Error) => {
    assert.ok(e instanceof InputFileError);
    assert.match(e.message, /streamdash gen taobao/);
    return true;
  });
});

test('the file is streamed: a limited replay of a large file reads only its first chunk', async (t) => {
  const { dir, options } = setup(t, '');
  const file = join(dir, 'big.csv');
  const written = await writeSyntheticUserLog(file, 120_000, 9);
  const summary = await replayUserLog(options({ file, limit: 100 }), new MemorySink());
  assert.equal(summary.sent, 100);
  assert.ok(written.bytes > 4 * READ_CHUNK_BYTES);
  assert.ok(summary.bytesRead <= READ_CHUNK_BYTES, `read ${summary.bytesRead} of ${written.bytes} bytes`);
});
