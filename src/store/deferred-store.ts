import type { Backend } from './sql.js';
import type { Store } from './store.js';

/**
 * A Store to hand out while it is still opening: every call waits for the
 * open and then goes to the real store, so a caller may write at once and its
 * writes queue (in call order) until the store is ready. If the open fails,
 * every call fails with the open's error, and close has nothing to close.
 */
export function deferredStore(opening: Promise<Store>, backend: Backend, target: string): Store {
  // Seen here so an open that fails before anyone calls does not count as an unhandled rejection.
  opening.catch(() => {});
  const later =
    <A extends unknown[], R>(call: (s: Store, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> =>
      call(await opening, ...args);
  return {
    backend,
    target,
    migrate: later((s) => s.migrate()),
    incrementCounters: later((s, increments, guard) => s.incrementCounters(increments, guard)),
    readCounter: later((s, table, rowKey) => s.readCounter(table, rowKey)),
    scanCounters: later((s, table, prefix) => s.scanCounters(table, prefix)),
    counterCells: later((s, table, which) => s.counterCells(table, which)),
    counterTables: later((s) => s.counterTables()),
    committedOffsets: later((s, job) => s.committedOffsets(job)),
    upsertWindowResults: later((s, job, results) => s.upsertWindowResults(job, results)),
    queryWindowResults: later((s, job, from, to) => s.queryWindowResults(job, from, to)),
    saveSnapshot: later((s, job, takenAt, entries) => s.saveSnapshot(job, takenAt, entries)),
    latestSnapshot: later((s, job) => s.latestSnapshot(job)),
    snapshots: later((s, job, from, to) => s.snapshots(job, from, to)),
    async close() {
      const store = await opening.catch(() => undefined);
      await store?.close();
    },
  };
}
