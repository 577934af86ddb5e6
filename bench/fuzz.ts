import { API_SPECS } from '../src/protocol/apis.js';
import { fuzzSession } from '../test/helpers/fuzz/session.js';
import { printFigures } from './report.js';

/**
 * `npm run bench -- fuzz [--inputs N] [--seed S] [--first I] [--connections C] [--window W]`:
 * the structure-aware fuzzer of test/broker/fuzz.test.ts at bench scale (1,000,000
 * inputs by default) against `streamdash broker` in its own process, with a steady
 * producer and consumer beside it. Any crash or hang names its seed and index;
 * `--first I --inputs 1` replays that one input. Exits 1 on any finding.
 */
export async function main(args: string[]): Promise<void> {
  const count = intArg(args, '--inputs', 1_000_000);
  const seed = intArg(args, '--seed', 22);
  const first = intArg(args, '--first', 0);
  const r = await fuzzSession({
    seed,
    first,
    count,
    connections: intArg(args, '--connections', 16),
    window: intArg(args, '--window', 3),
    hangMs: 5000,
    progress: {
      every: Math.max(1, Math.floor(count / 20)),
      report: (s) => console.log(`${s.settled.toLocaleString('en-US')} inputs, ${(s.settled / (s.elapsedMs / 1000)).toFixed(0)}/s, ${s.findings.length} findings`),
    },
  });
  const seconds = r.elapsedMs / 1000;
  printFigures('Fuzz', [
    { name: `inputs (seed ${seed}, from ${first}, ${r.targets} API versions of ${API_SPECS.size} APIs)`, value: r.settled, unit: 'inputs', higherIsBetter: true },
    { name: 'rate', value: r.settled / seconds, unit: 'inputs/s', higherIsBetter: true },
    { name: 'answered (error or not)', value: r.responses, unit: 'inputs', higherIsBetter: true },
    { name: 'connection closed by the broker', value: r.closes, unit: 'inputs', higherIsBetter: false },
    { name: 'Produce acks=0 (no answer by design)', value: r.silent, unit: 'inputs', higherIsBetter: false },
    { name: 'crashes', value: r.crash ? 1 : 0, unit: '', higherIsBetter: false },
    { name: 'hangs', value: r.findings.filter((f) => f.kind === 'hang').length, unit: '', higherIsBetter: false },
    { name: 'other findings (dropped, unexpected responses)', value: r.findings.filter((f) => f.kind !== 'hang' && f.kind !== 'crash').length, unit: '', higherIsBetter: false },
    { name: 'broker error log lines', value: r.brokerErrors.length, unit: '', higherIsBetter: false },
    { name: 'steady records acknowledged', value: r.steady.acked, unit: 'records', higherIsBetter: true },
    { name: 'steady records lost', value: r.steady.missing.length, unit: 'records', higherIsBetter: false },
    { name: 'wall time', value: seconds, unit: 's', higherIsBetter: false },
  ]);
  for (const f of r.findings.slice(0, 20)) console.log(`${f.kind}: ${f.input}`);
  for (const e of r.brokerErrors.slice(0, 5)) console.log(`broker error: ${e}`);
  const failed = r.findings.length > 0 || r.steady.missing.length > 0 || !r.answersAtEnd || r.brokerErrors.length > 0;
  if (!r.answersAtEnd) console.log('the broker did not answer ApiVersions after the run');
  if (failed) process.exitCode = 1;
}

function intArg(args: string[], flag: string, fallback: number): number {
  const at = args.indexOf(flag);
  if (at === -1) return fallback;
  const n = Number(args[at + 1]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} takes a whole number ≥ 0, got "${args[at + 1]}"`);
  return n;
}
