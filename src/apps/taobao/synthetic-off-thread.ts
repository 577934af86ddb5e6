import { renameSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { WriteProgress } from './synthetic.js';

/**
 * Writes the synthetic user log on a worker thread: the demo's 200,000 rows
 * are over half a second of CPU that would otherwise hold up the broker and
 * the jobs starting beside it on the main thread. The rows go to a side file
 * that takes the name only when complete, so a start that was stopped half
 * way does not leave a short log that a later start would take as made.
 */
export function writeSyntheticUserLogOffThread(path: string, rows: number, seed: number): Promise<WriteProgress> {
  const partial = `${path}.partial`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./synthetic-worker.js', import.meta.url), { workerData: { path: partial, rows, seed } });
    let written: WriteProgress | undefined;
    worker.once('message', (m: WriteProgress) => (written = m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (written) {
        renameSync(partial, path);
        resolve(written);
      }
      else reject(new Error(`writing the synthetic user log ${path} stopped with exit code ${code} before it finished`));
    });
  });
}
