/**
 * Opens a store, prints `ready`, and keeps it open until killed: the other
 * process in the one-process-per-directory tests.
 *
 *   node hold-store.js <store spec>
 */
import { openStore } from '../../src/store/index.js';

await openStore(process.argv[2]!);
process.stdout.write('ready\n');
setInterval(() => {}, 60_000);
