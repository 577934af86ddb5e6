import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/**
 * Runs PGlite's initdb on a new data directory, then closes it. It runs in a
 * worker thread because initdb is some seconds of WebAssembly that would
 * otherwise hold the main thread, and with it the broker and the jobs.
 */
const { dir } = workerData as { dir: string };
const db = await PGlite.create(dir);
await db.close();
parentPort?.postMessage('initialised');
