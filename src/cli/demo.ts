import type { Command } from 'commander';
import { closeOnInterrupt } from '../apps/interrupt.js';
import { removeDemoData, startDemo, type Demo } from '../apps/demo/demo.js';
import { join, resolve } from 'node:path';
import { BROKER_DEFAULTS, startBroker, type Broker } from '../broker/index.js';
import { dashboardTls, type DashboardTls } from '../dashboard/tls.js';
import { DEFAULT_DATA_DIR } from './broker.js';
import { loggerFor, parseDuration, parseIntOption } from './options.js';

interface DemoFlags {
  bootstrap?: string;
  store?: string;
  dataDir: string;
  host: string;
  port: number;
  brokerPort: number;
  taobaoFile?: string;
  rate: number;
  accessLogRate: number;
  accessLogRotateBytes: number;
  pageInterval: number;
  seed: number;
  generateFor?: number;
  statusInterval: number;
  fresh?: boolean;
  token?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** `streamdash demo`, the main job: the seeds' whole pipeline, live in the browser. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the whole pipeline: broker, generators, agent, the four jobs and the dashboard')
    .option('--bootstrap <host:port>', 'use this Kafka cluster instead of starting the embedded broker')
    .option('--store <url>', 'results store: postgres://user@host:port/db (default: embedded PGlite in the data folder)')
    .option('--data-dir <dir>', 'where all state lives; a restart on the same folder resumes', DEFAULT_DATA_DIR)
    .option('--fresh', 'delete the data folder first and start over')
    .option('--host <host>', 'address the dashboard and the embedded broker bind', '127.0.0.1')
    .option('--port <port>', 'dashboard port', parseIntOption('--port'), 5000)
    .option('--token <token>', 'token the dashboard\'s pages need (default: none on loopback, a random one printed here otherwise)')
    .option('--tls-cert <file>', 'serve the dashboard over HTTPS with this certificate chain, PEM')
    .option('--tls-key <file>', "the certificate's private key, PEM, unencrypted")
    .option('--broker-port <port>', 'embedded broker port', parseIntOption('--broker-port'), BROKER_DEFAULTS.port)
    .option('--taobao-file <csv>', 'your own Taobao user_log.csv (default: a generated one)')
    .option('--rate <rows>', 'Taobao rows a second, to `sex` and to `user_log` (the seeds: 10)', parseIntOption('--rate', 1), 10)
    .option('--access-log-rate <lines>', 'access-log lines a second', parseIntOption('--access-log-rate', 1), 20)
    .option('--access-log-rotate-bytes <n>', 'rotate the access log to access.log.1 at this size', parseIntOption('--access-log-rotate-bytes', 1024), 4 * 1024 * 1024)
    .option('--page-interval <duration>', 'time between page-behaviour batches (seed 001: 5s)', parseDuration('--page-interval'), 5000)
    .option('--seed <n>', 'seed of every generator, to reproduce a run', parseIntOption('--seed'), 1)
    .option('--generate-for <duration>', 'stop the generators after this long and let the jobs drain (default: never)', parseDuration('--generate-for'))
    .option('--status-interval <duration>', 'how often the status line refreshes', parseDuration('--status-interval'), 3000)
    .action(async (flags: DemoFlags, cmd: Command) => {
      // The status line is the demo's own output; component logs join it at warn unless asked for.
      const logger = loggerFor(cmd, 'demo', 'warn');
      // Absolute, because the agent's Flume config (TAILDIR) takes only absolute paths.
      const dataDir = resolve(flags.dataDir);
      let tls: DashboardTls | undefined;
      try {
        tls = dashboardTls(flags.tlsCert, flags.tlsKey);
      } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      if (flags.fresh) removeDemoData(dataDir);
      const started = Date.now();
      const brokerDataDir = join(dataDir, 'broker');
      const broker: Broker | undefined =
        flags.bootstrap === undefined
          ? await startBroker({ host: flags.host, port: flags.brokerPort, dataDir: brokerDataDir, logger: logger.child({ component: 'broker' }) })
          : undefined;
      let demo: Demo;
      try {
        demo = await startDemo(
          {
            dataDir,
            host: flags.host,
            port: flags.port,
            ...(flags.token !== undefined && { token: flags.token }),
            ...(tls && { tls }),
            bootstrap: flags.bootstrap ?? broker!.bootstrap,
            ...(broker && { brokerDataDir }),
            ...(flags.store !== undefined && { store: flags.store }),
            ...(flags.taobaoFile !== undefined && { taobaoFile: flags.taobaoFile }),
            rate: flags.rate,
            accessLogRate: flags.accessLogRate,
            accessLogRotateBytes: flags.accessLogRotateBytes,
            pageIntervalMs: flags.pageInterval,
            seed: flags.seed,
            ...(flags.generateFor !== undefined && { generateForMs: flags.generateFor }),
            statusIntervalMs: flags.statusInterval,
            logger,
          },
          (line) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`),
        );
      } catch (err) {
        await broker?.close();
        process.stderr.write(`error: the demo could not start: ${(err as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      // Before the line that says it is running: whoever reads it may signal at once.
      closeOnInterrupt(logger, async () => {
        await demo.close();
        await broker?.close();
      });
      // The store opens while the rest runs; one that cannot be opened stops the demo with its reason.
      demo.storeReady.catch(async (err: unknown) => {
        process.stderr.write(`error: the demo stops, its results store could not be opened: ${(err as Error).message}\n`);
        process.exitCode = 1;
        await demo.close();
        await broker?.close();
      });
      process.stderr.write(
        // A token the user chose is not echoed; one made here is the only way to learn it.
        `streamdash demo is running: open ${flags.token === undefined ? demo.link('/taobao') : `${demo.url}/taobao`} (also /popularity, /courses, /system)\n` +
          `  broker ${demo.bootstrap}, data in ${flags.dataDir}; started in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops it.\n`,
      );
    });
}
