import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DeadLetterFile } from '../src/apps/dead-letter.js';
import { replayUserLog } from '../src/apps/taobao/replay.js';
import { writeSyntheticUserLog } from '../src/apps/taobao/synthetic.js';
import { BatchSender, createProducer } from '../src/client/index.js';
import { freePort, spawnBroker } from '../test/helpers/broker.js';
import { printFigures } from './report.js';

/**
 * `npm run bench -- produce [--rows N] [--baseline-rows N]`: replay throughput
 * of `produce taobao --rate 0` (gender format, as the seeds send) of a
 * generated user_log.csv into `streamdash broker` running in its own process.
 * The baseline, measured in the same run, is the seeds' producer.py pattern:
 * one send per row, each awaited before the next.
 */
export async function main(args: string[]): Promise<void> {
  const rows = numberArg(args, '--rows', 1_000_000);
  const baselineRows = numberArg(args, '--baseline-rows', 20_000);
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-bench-produce-'));
  const file = join(dir, 'user_log.csv');
  const broker = await spawnBroker(join(dir, 'broker'), await freePort());
  try {
    let started = performance.now();
    const written = await writeSyntheticUserLog(file, rows, 1);
    console.log(`generated ${rows.toLocaleString('en-US')} rows (${(written.bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const producer = createProducer(broker.bootstrap, 'bench-produce');
    const deadLetter = new DeadLetterFile(join(dir, 'bad.jsonl'));
    started = performance.now();
    const summary = await replayUserLog({ file, topic: 'sex', format: 'gender', rate: 0, deadLetter }, new BatchSender(producer));
    const elapsed = (performance.now() - started) / 1000;
    if (summary.failure) throw summary.failure;
    if (summary.sent !== rows) throw new Error(`replay sent ${summary.sent} of ${rows} rows`);

    started = performance.now();
    for (let i = 0; i < baselineRows; i++) await producer.send({ messages: [{ topic: 'sex-baseline', value: String(i % 3) }] });
    const baselineElapsed = (performance.now() - started) / 1000;
    await producer.close();
    deadLetter.close();

    printFigures(
      'Produce',
      [
        { name: `replay of ${rows.toLocaleString('en-US')} rows, --rate 0`, value: rows / elapsed, unit: 'rows/s', baseline: baselineRows / baselineElapsed, higherIsBetter: true },
        { name: 'replay wall time', value: elapsed, unit: 's', higherIsBetter: false },
        { name: 'file read', value: written.bytes / 1e6 / elapsed, unit: 'MB/s', higherIsBetter: true },
      ],
      `one awaited send per row (producer.py), ${baselineRows.toLocaleString('en-US')} rows`,
    );
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function numberArg(args: string[], flag: string, fallback: number): number {
  const at = args.indexOf(flag);
  if (at === -1) return fallback;
  const n = Number(args[at + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes a whole number ≥ 1, got "${args[at + 1]}"`);
  return n;
}
