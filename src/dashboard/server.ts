import type { AddressInfo } from 'node:net';
import Fastify, { LogController } from 'fastify';
import { Server } from 'socket.io';
import { silentLogger, type Logger } from '../log.js';
import { COURSE_CLICKS_OUTPUT, GENDER_OUTPUT, INSIGHTS_OUTPUTS, POPULARITY_OUTPUT } from '../result-names.js';
import { consolePlugin } from './console/plugin.js';
import { dashboardToken } from './plugins/access-token.js';
import { DashboardListenError } from './errors.js';
import { CoursesModel, type StoreSource } from './feeds/courses.js';
import { GenderModel } from './feeds/gender.js';
import { InsightsModel } from './feeds/insights.js';
import { JOB_METRICS_TOPIC, JobMetricsModel } from './feeds/job-metrics.js';
import { PopularityModel } from './feeds/popularity.js';
import { TopicFeed, type FeedRecord } from './feeds/topic-feed.js';
import { Hub } from './hub/hub.js';
import { access, admitted, sameOrigin } from './plugins/access.js';
import { metrics } from './plugins/metrics.js';
import { pages } from './plugins/pages.js';
import { securityHeaders } from './plugins/security-headers.js';
import { socket } from './plugins/socket.js';
import { topicPages } from './plugins/topic-pages.js';
import { SystemMonitor } from './system/monitor.js';
import { httpsOptions, type DashboardTls } from './tls.js';
import type { PageConfig } from './topic-pages/page-config.js';
import { topicPageRoom, TopicPageModel } from './topic-pages/topic-page-model.js';

export interface DashboardOptions {
  bootstrap: string;
  /** Default 127.0.0.1: the dashboard is reachable from this machine only unless told otherwise. */
  host?: string;
  /** Default 5000, the seeds' Flask port; 0 picks a free one. */
  port?: number;
  /** Where /courses reads today's counters; without one the page counts from the topic only. */
  store?: StoreSource;
  /** How far back the charts reach. Default 5 minutes. */
  historyMs?: number;
  /** How often the broker is asked for topics, offsets and groups. Default 2 s. */
  pollIntervalMs?: number;
  logger?: Logger;
  /** The token every page, API and socket needs; default: none on loopback, a random one printed at start otherwise. */
  token?: string;
  /** Serve the pages over HTTPS with these PEM files (the broker's `--tls-cert` and `--tls-key`). */
  tls?: DashboardTls;
  /** Charts of any topic, each served at /p/<name> (`--page FILE`; see loadPageConfigs). */
  pages?: readonly PageConfig[];
}

export interface Dashboard {
  readonly url: string;
  readonly port: number;
  /** What every page needs, or undefined when the dashboard is open (loopback, no --token). */
  readonly token: string | undefined;
  /** A page's address to open in a browser (`/taobao`), carrying the token once when the dashboard has one. */
  link(path: string): string;
  close(): Promise<void>;
}

/** Starts the dashboard: result topics in, Socket.IO pushes and pages out. */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 5000;
  const historyMs = options.historyMs ?? 5 * 60_000;
  const logger = options.logger ?? silentLogger;
  const { bootstrap } = options;

  // Every page load fetches a handful of files; the log is for what the dashboard does, not for each of them.
  const token = dashboardToken(host, options.token);
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    ...(options.tls && { https: httpsOptions(options.tls) }),
  });
  const io = new Server(app.server, {
    allowEIO3: true,
    serveClient: true,
    maxHttpBufferSize: 16 * 1024,
    // The sockets carry what the pages show, so they need the same session as the pages, from this server's own pages.
    allowRequest: (request, answer) => answer(null, token === undefined || (admitted(request, token) && sameOrigin(request))),
  });
  const hub = new Hub(io);

  const gender = new GenderModel(hub, historyMs);
  const popularity = new PopularityModel(hub, historyMs);
  const insights = new InsightsModel(hub, historyMs);
  const courses = new CoursesModel(hub, options.store, logger);
  const jobs = new JobMetricsModel();

  const feed = (topic: string, start: () => number | 'earliest', onRecord: (r: FeedRecord) => void) =>
    new TopicFeed({ bootstrap, topic, start, onRecord, logger });
  const recent = () => Date.now() - historyMs;
  const feeds = [
    // From the oldest window on, for the totals since the job started.
    feed(GENDER_OUTPUT, () => 'earliest', (r) => gender.take(r)),
    feed(POPULARITY_OUTPUT, recent, (r) => popularity.take(r)),
    feed(INSIGHTS_OUTPUTS.actions, recent, (r) => insights.takeActions(r)),
    feed(INSIGHTS_OUTPUTS.provinces, recent, (r) => insights.takeProvinces(r)),
    feed(INSIGHTS_OUTPUTS.ages, recent, (r) => insights.takeAges(r)),
    feed(COURSE_CLICKS_OUTPUT, () => new Date().setHours(0, 0, 0, 0), (r) => courses.take(r)),
    feed(JOB_METRICS_TOPIC, recent, (r) => jobs.take(r)),
  ];
  // Each page reads its topic on its own, from its own window back: two pages of one topic may reach back differently.
  // Kept apart from the result feeds, whose /metrics samples are labelled by topic alone.
  const served = (options.pages ?? []).map((page) => {
    const model = new TopicPageModel(page, hub);
    return { name: page.name, room: topicPageRoom(page), feed: feed(page.topic, () => Date.now() - page.windowMs, (r) => model.take(r)) };
  });
  const allFeeds = () => [...feeds, ...served.map((p) => p.feed)];
  const topicPageRooms = served.map((p) => p.room);
  const monitor = new SystemMonitor(hub, { bootstrap, intervalMs: options.pollIntervalMs ?? 2000, historyMs, logger, feeds: allFeeds, jobs, topicPageRooms });
  monitor.start();
  // Not awaited: a store that is slow to answer must not hold up the pages that do not need it.
  let storeRead = courses.load();
  const dayTimer = setInterval(() => (storeRead = storeRead.then(() => courses.rollOver())), 30_000);

  const stop = async () => {
    clearInterval(dayTimer);
    await Promise.all([...allFeeds().map((f) => f.close()), monitor.close(), storeRead]);
  };

  await app.register(securityHeaders);
  await app.register(access, { token, secure: options.tls !== undefined });
  await app.register(pages);
  await app.register(topicPages, { pages: options.pages ?? [] });
  await app.register(socket, { io, hub, topicPageRooms });
  await app.register(metrics, { hub, feeds, topicPages: served, monitor, jobs });
  await app.register(consolePlugin, { bootstrap, io, jobs: () => jobs.list(Date.now(), monitor), cluster: () => monitor.cluster });
  try {
    await app.listen({ host, port });
  } catch (error) {
    await stop();
    await app.close();
    throw new DashboardListenError(host, port, error);
  }
  const bound = (app.server.address() as AddressInfo).port;
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  logger.info({ url, bootstrap }, 'dashboard listening');
  return {
    url,
    port: bound,
    token,
    link: (path) => `${url}${path}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`,
    async close() {
      await app.close();
      await stop();
    },
  };
}
