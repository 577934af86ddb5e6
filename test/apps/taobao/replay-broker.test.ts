import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DeadLetterFile } from '../../../src/apps/dead-letter.js';
import { replayUserLog } from '../../../src/apps/taobao/replay.js';
import { BatchSender, createProducer } from '../../../src/client/index.js';
import { inProcessBroker } from '../../helpers/broker.js';
import { fetchAll } from '../../helpers/fetch-all.js';
import { SAMPLE, sampleMissing } from './sample.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let dir: string;
before(async () => {
  broker = await inProcessBroker();
  dir = mkdtempSync(join(tmpdir(), 'streamdash-replay-broker-'));
});
after(async () => {
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Gender counts straight from the file with a plain split: the sample has no quoted field. */
function genderCountsOfFile(): Map<string, number> {
  const rows = readFileSync(SAMPLE, 'utf8').split('\n').slice(1).filter((l) => l.trim().length > 0);
  const counts = new Map<string, number>();
  for (const row of rows) {
    const gender = row.replace(/\r$/, '').split(',')[9]!;
    counts.set(gender, (counts.get(gender) ?? 0) + 1);
  }
  return counts;
}

test('replaying the whole real sample into `sex` gives the per-gender counts of the file', { skip: sampleMissing }, async () => {
  const producer = createProducer(broker.bootstrap, 'replay-test');
  const deadLetter = new DeadLetterFile(join(dir, 'bad.jsonl'));
  try {
    const summary = await replayUserLog({ file: SAMPLE, topic: 'sex', format: 'gender', rate: 0, deadLetter }, new BatchSender(producer));
    assert.equal(summary.failure, undefined);
    assert.equal(summary.bad, 0);
    assert.equal(summary.sent, 9999);
  } finally {
    deadLetter.close();
    await producer.close();
  }
  const { records, highWatermark } = await fetchAll(broker.port, 'sex');
  assert.equal(highWatermark, 9999, 'no row was sent twice');
  const counts = new Map<string, number>();
  for (const r of records) {
    const gender = r.value!.toString();
    counts.set(gender, (counts.get(gender) ?? 0) + 1);
  }
  assert.deepEqual(counts, genderCountsOfFile());
});
