import type { DashboardTls } from '../../dashboard/tls.js';
import type { Logger } from '../../log.js';

export interface DemoOptions {
  /** Everything the demo keeps: broker logs, store, generated files, agent state. */
  dataDir: string;
  /** Address the embedded broker and the dashboard bind. */
  host: string;
  /** The dashboard's port (the seeds' Flask app used 5000). */
  port: number;
  /** The dashboard's token; default none on loopback, a random one otherwise (see DashboardOptions.token). */
  token?: string;
  /** Serve the dashboard over HTTPS with these PEM files. */
  tls?: DashboardTls;
  /** The broker: the embedded one the CLI started, or an external Kafka. */
  bootstrap: string;
  /** The embedded broker's folder, for the status line's disk use; absent for an external Kafka. */
  brokerDataDir?: string;
  /** A postgres:// URL; default an embedded PGlite store in the data folder. */
  store?: string;
  /** The user's own user_log.csv; default a generated one. */
  taobaoFile?: string;
  /** Taobao rows a second, to `sex` and to `user_log` each (the seeds: 10). */
  rate: number;
  /** Access-log lines a second. */
  accessLogRate: number;
  /** Size at which the access log rotates to access.log.1. */
  accessLogRotateBytes: number;
  /** Seconds between page-behaviour batches (seed 001: 5). */
  pageIntervalMs: number;
  /** Seed of every generator, so a run can be reproduced. */
  seed: number;
  /** Stop the generators after this long and let the jobs drain; endless when absent. */
  generateForMs?: number;
  /** How often the status line refreshes. */
  statusIntervalMs: number;
  logger: Logger;
}
