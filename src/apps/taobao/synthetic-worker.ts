import { parentPort, workerData } from 'node:worker_threads';
import { writeSyntheticUserLog } from './synthetic.js';

/** writeSyntheticUserLog on a worker thread; see synthetic-off-thread.ts. */
const { path, rows, seed } = workerData as { path: string; rows: number; seed: number };
const written = await writeSyntheticUserLog(path, rows, seed);
parentPort?.postMessage(written);
