import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../log.js';
import { startDashboard, type Dashboard } from '../../dashboard/server.js';
import type { Store } from '../../store/index.js';
import { openStoreInBackground } from '../../store/open-store.js';
import { startJobs, type RunningJobs } from './jobs.js';
import type { DemoOptions } from './options.js';
import { startSources, taobaoFile, type SourceCounts, type Sources } from './sources.js';
import { directoryBytes, statusLine } from './status-line.js';

export interface Demo {
  /** The dashboard, e.g. http://127.0.0.1:5000. */
  readonly url: string;
  /** A page's address to open in a browser, with the token when the dashboard has one. */
  link(path: string): string;
  readonly bootstrap: string;
  /**
   * Settles when the results store is open: the demo runs before that (a new
   * embedded store takes seconds to create), and a store that cannot be opened
   * rejects this, for the caller to stop the demo with the error.
   */
  readonly storeReady: Promise<void>;
  /** Stops the generators and flushes them; jobs, agent and dashboard go on (used to let jobs drain). */
  stopGenerators(): Promise<SourceCounts>;
  /** Stops everything, newest part first, flushing as it goes. */
  close(): Promise<void>;
}

/** Parts started so far, so a failure half-way closes exactly what is running. */
class Started {
  constructor(private readonly log: Logger) {}

  store?: Store;
  dashboard?: Dashboard;
  jobs?: RunningJobs;
  sources?: Sources;
  timers: NodeJS.Timeout[] = [];

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    // Each step is logged, so a shutdown that runs out of time says which part held it.
    for (const [part, close] of [
      ['generators and agent', () => this.sources?.close()],
      ['jobs', () => this.jobs?.close()],
      ['dashboard', () => this.dashboard?.close()],
      ['store', () => this.store?.close()],
    ] as const) {
      const started = Date.now();
      await close();
      this.log.info({ part, ms: Date.now() - started }, 'closed');
    }
  }
}

/**
 * `streamdash demo`: the seeds' whole pipeline in one process, against the
 * broker at `o.bootstrap` (the CLI starts the embedded one). Jobs and
 * dashboard start before the generators so that the first generated record
 * already has somewhere to go. The store opens meanwhile (a new embedded one
 * takes seconds): the jobs that need none do not wait for it, the
 * course-clicks job starts once it is open; `storeReady` says when it is.
 */
export async function startDemo(o: DemoOptions, onStatus: (line: string) => void): Promise<Demo> {
  const log = o.logger;
  const parts = new Started(log);
  try {
    const { bootstrap } = o;
    // First, as it runs on a worker thread while the rest starts.
    const file = taobaoFile(o);
    file.catch(() => {}); // awaited below; seen here so a failure that comes first is not unhandled
    const { store, ready } = openStoreInBackground(o.store ?? join(o.dataDir, 'store'), { logger: log.child({ component: 'store' }) });
    // Handled by whoever takes storeReady; seen here too, for a start that fails before handing it out.
    ready.catch(() => {});
    parts.store = store;
    parts.jobs = startJobs(bootstrap, store, log);
    parts.dashboard = await startDashboard({
      bootstrap,
      host: o.host,
      port: o.port,
      store,
      logger: log.child({ component: 'dashboard' }),
      ...(o.token !== undefined && { token: o.token }),
      ...(o.tls && { tls: o.tls }),
    });
    parts.sources = await startSources(o, bootstrap, await file);

    const brokerDir = o.brokerDataDir ?? null;
    const jobs = parts.jobs;
    parts.timers.push(setInterval(() => onStatus(statusLine(jobs.metrics(), brokerDir === null ? null : directoryBytes(brokerDir))), o.statusIntervalMs));
    const sources = parts.sources;
    if (o.generateForMs !== undefined) {
      const t = setTimeout(() => void sources.stopGenerators(), o.generateForMs);
      parts.timers.push(t);
    }
    let closing: Promise<void> | undefined;
    const dashboard = parts.dashboard;
    return {
      url: dashboard.url,
      link: (path) => dashboard.link(path),
      bootstrap,
      storeReady: ready,
      stopGenerators: () => sources.stopGenerators(),
      close: () => (closing ??= parts.close()),
    };
  } catch (err) {
    await parts.close().catch(() => {});
    throw err;
  }
}

/** `--fresh`: the data folder goes, so the demo starts over. */
export function removeDemoData(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}
