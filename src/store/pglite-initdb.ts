import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** PostgreSQL's marker of an initialised data directory. */
const PG_VERSION = 'PG_VERSION';

export function isInitialised(dir: string): boolean {
  return existsSync(join(dir, PG_VERSION));
}

/**
 * Creates the PostgreSQL cluster in dir on a worker thread, so that opening a
 * new store (about 4 s of initdb) does not stall everything else the process
 * runs. The caller holds the directory's lock and opens the store afterwards,
 * which on an initialised directory takes a fraction of that.
 */
export function initialiseOffThread(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pglite-initdb-worker.js', import.meta.url), { workerData: { dir } });
    let done = false;
    worker.once('message', () => (done = true));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (done) resolve();
      else reject(new Error(`initdb of ${dir} stopped with exit code ${code} before it finished`));
    });
  });
}
