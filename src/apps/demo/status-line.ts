import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeMetrics } from '../../stream/runtime/index.js';

/** Bytes of every file under `dir`; 0 when it does not exist (an external broker). */
export function directoryBytes(dir: string): number {
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      const s = statSync(join(dir, name));
      if (s.isFile()) total += s.size;
    } catch {
      // A segment removed by retention between the listing and the stat.
    }
  }
  return total;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One line: records per second into the jobs, each job's lag, and the broker's disk use. */
export function statusLine(jobs: readonly RuntimeMetrics[], brokerBytes: number | null): string {
  const perSec = jobs.reduce((sum, j) => sum + j.recordsInPerSec, 0);
  const lags = jobs.map((j) => `${j.job} ${j.lag}`).join(', ');
  const disk = brokerBytes === null ? 'external broker' : `broker disk ${megabytes(brokerBytes)}`;
  return `${Math.round(perSec)} records/s | lag: ${lags} | ${disk}`;
}
