import type { Command } from 'commander';
import { bootstrapBrokers, DEFAULT_BOOTSTRAP } from '../client/bootstrap.js';
import { BootstrapAddressError } from '../client/errors.js';
import { DashboardListenError, DashboardTlsError } from '../dashboard/errors.js';
import { startDashboard } from '../dashboard/server.js';
import { dashboardTls } from '../dashboard/tls.js';
import { PageConfigError } from '../dashboard/topic-pages/page-config.js';
import { loadPageConfigs, PageConfigFileError } from '../dashboard/topic-pages/load-page-configs.js';
import { DEFAULT_STORE_SPEC } from '../store/index.js';

import { closeOnInterrupt } from '../apps/interrupt.js';
import { loggerFor, parseIntOption } from './options.js';

interface DashboardFlags {
  host: string;
  port: number;
  bootstrap: string;
  store: string;
  historyMinutes: number;
  token?: string;
  tlsCert?: string;
  tlsKey?: string;
  page: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `streamdash dashboard`: the seeds' Flask-SocketIO app, as fastify + Socket.IO + ECharts pages. */
export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description('serve the live dashboard: reads the result topics, pushes them to the pages over Socket.IO')
    .option('--host <host>', 'address to bind (0.0.0.0 to reach it from other machines)', '127.0.0.1')
    .option('--port <port>', 'HTTP port', parseIntOption('--port'), 5000)
    .option('--bootstrap <host:port>', 'broker to read the results from', DEFAULT_BOOTSTRAP)
    .option('--store <spec>', 'results store /courses reads: PGlite directory or postgres://user@host:port/db', DEFAULT_STORE_SPEC)
    .option('--history-minutes <n>', 'how far back the charts reach', parseIntOption('--history-minutes', 1), 5)
    .option('--token <token>', 'token every page needs (default: none on loopback, a random one printed here otherwise)')
    .option('--tls-cert <file>', 'serve the pages over HTTPS with this certificate chain, PEM (the same file as the broker\'s --tls-cert)')
    .option('--tls-key <file>', "the certificate's private key, PEM, unencrypted")
    .option('--page <file>', 'a page config (JSON) to serve as a live chart at /p/<name>; repeatable', collect, [])
    .action(async (flags: DashboardFlags, cmd: Command) => {
      const logger = loggerFor(cmd, 'dashboard');
      try {
        bootstrapBrokers(flags.bootstrap);
        const tls = dashboardTls(flags.tlsCert, flags.tlsKey);
        const pages = await loadPageConfigs(flags.page);
        const dashboard = await startDashboard({
          host: flags.host,
          port: flags.port,
          bootstrap: flags.bootstrap,
          store: flags.store,
          historyMs: flags.historyMinutes * 60_000,
          logger,
          pages,
          ...(flags.token !== undefined && { token: flags.token }),
          ...(tls && { tls }),
        });
        // A token the user chose is not echoed; one made here is the only way to learn it.
        const open = flags.token === undefined ? (path: string) => dashboard.link(path) : (path: string) => `${dashboard.url}${path}`;
        console.log(`streamdash dashboard: ${open('/taobao')} (also /popularity, /courses, /system, /console, /metrics); reading ${flags.bootstrap}`);
        for (const page of pages) console.log(`streamdash dashboard: page ${dashboard.url}/p/${page.name} charts topic ${page.topic}`);
        if (dashboard.token !== undefined && flags.token === undefined) console.log(`streamdash dashboard: the pages need the token ${dashboard.token} (the link above logs a browser in)`);
        closeOnInterrupt(logger, () => dashboard.close());
      } catch (error) {
        const known = [DashboardListenError, DashboardTlsError, BootstrapAddressError, PageConfigError, PageConfigFileError].some((type) => error instanceof type);
        if (!known || !(error instanceof Error)) throw error;
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
