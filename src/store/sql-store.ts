import { silentLogger, type Logger } from '../log.js';
import * as counters from './counters.js';
import { migrate } from './migrate.js';
import * as snapshots from './snapshots.js';
import type { SqlClient } from './sql.js';
import type { Store } from './store.js';
import * as windows from './window-results.js';

/** The Store over either back end; all it needs from one is query and transaction. */
export function sqlStore(client: SqlClient, logger: Logger = silentLogger): Store {
  return {
    backend: client.backend,
    target: client.target,
    migrate: () => migrate(client, undefined, logger),
    incrementCounters: (increments, guard) => counters.incrementCounters(client, increments, guard),
    readCounter: (table, rowKey) => counters.readCounter(client, table, rowKey),
    scanCounters: (table, prefix) => counters.scanCounters(client, table, prefix),
    counterCells: (table, which) => counters.counterCells(client, table, which),
    counterTables: () => counters.counterTables(client),
    committedOffsets: (job) => counters.committedOffsets(client, job),
    upsertWindowResults: (job, results) => windows.upsertWindowResults(client, job, results),
    queryWindowResults: (job, from, to) => windows.queryWindowResults(client, job, from, to),
    saveSnapshot: (job, takenAt, entries) => snapshots.saveSnapshot(client, job, takenAt, entries),
    latestSnapshot: (job) => snapshots.latestSnapshot(client, job),
    snapshots: (job, from, to) => snapshots.snapshots(client, job, from, to),
    close: () => client.close(),
  };
}
