import { Admin, describe } from '../../client/index.js';
import type { Logger } from '../../log.js';
import type { JobBrokerFacts, JobMetricsModel, JobView } from '../feeds/job-metrics.js';
import type { FeedState, TopicFeed } from '../feeds/topic-feed.js';
import { LatestChannel } from '../hub/channel.js';
import type { Hub } from '../hub/hub.js';
import { readClusterView, withRates, type ClusterView } from './cluster-view.js';

export const PAGES = ['taobao', 'popularity', 'courses', 'system'] as const;
export type Page = (typeof PAGES)[number];

/** What every page shows in its header: whether the data is live. */
export interface StatusView {
  broker: 'up' | 'down';
  /** When the broker was last seen going up or down, epoch ms. */
  since: number;
  feeds: { topic: string; state: FeedState }[];
  /** How far back the charts reach, so pages trim what they hold the same way. */
  historyMs: number;
}

export interface SystemView extends ClusterView {
  at: number;
  bootstrap: string;
  broker: 'up' | 'down';
  jobs: JobView[];
}

/**
 * Asks the broker for topics, offsets and groups every interval. A failed round means
 * the broker is down: every page is told, and /system keeps the last view it had.
 */
export class SystemMonitor implements JobBrokerFacts {
  readonly status: LatestChannel<StatusView>;
  readonly system: LatestChannel<SystemView>;
  brokerUp = false;
  #since = Date.now();
  #cluster: ClusterView = { topics: [], groups: [] };
  #clusterAt = 0;
  #admin: Admin | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closed = false;
  #lastStatus = '';
  readonly #changelogEnds = new Map<string, number>();
  readonly #changelogGrewAt = new Map<string, number>();

  constructor(
    private readonly hub: Hub,
    private readonly options: {
      bootstrap: string;
      intervalMs: number;
      historyMs: number;
      logger: Logger;
      feeds: () => readonly TopicFeed[];
      jobs: JobMetricsModel;
      /** The rooms of the `--page` pages, which show the broker's state in their header too. */
      topicPageRooms: readonly string[];
    },
  ) {
    this.status = hub.add(new LatestChannel<StatusView>('status', [...PAGES, ...options.topicPageRooms]));
    this.system = hub.add(new LatestChannel<SystemView>('system', ['system']));
  }

  get cluster(): ClusterView {
    return this.#cluster;
  }

  start(): void {
    const tick = () => {
      this.#running = this.#poll().finally(() => {
        if (!this.#closed) this.#timer = setTimeout(tick, this.options.intervalMs);
      });
    };
    tick();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#running;
    await this.#admin?.close().catch(() => undefined);
  }

  async #poll(): Promise<void> {
    const { logger, bootstrap } = this.options;
    try {
      this.#admin ??= new Admin(bootstrap, 'streamdash-dashboard');
      const read = await readClusterView(this.#admin);
      const at = Date.now();
      this.#cluster = withRates(read, this.#cluster, at - this.#clusterAt);
      this.#clusterAt = at;
      this.#watchChangelogs(Date.now());
      if (!this.brokerUp) logger.info({ bootstrap }, 'broker is up');
      this.#setBroker(true);
    } catch (error) {
      if (this.brokerUp) logger.warn({ bootstrap, err: describe(error) }, 'broker is down; the pages show their data as stale until it is back');
      this.#setBroker(false);
      // A fresh client next round: the old one may hold connections to the broker that went away.
      await this.#admin?.close().catch(() => undefined);
      this.#admin = undefined;
    }
    if (this.#closed) return;
    const now = Date.now();
    this.system.set({ at: now, bootstrap, broker: this.brokerUp ? 'up' : 'down', ...this.#cluster, jobs: this.options.jobs.list(now, this) }, now);
    this.hub.changed(this.system);
    this.#publishStatus();
  }

  committedLag(applicationId: string): number | undefined {
    return this.#cluster.groups.find((g) => g.id === applicationId)?.lag;
  }

  /** When a changelog topic of the job (`<applicationId>-sub-<n>-changelog`) last grew: its last checkpoint, to within a poll interval. */
  checkpointSeenAt(applicationId: string): number | undefined {
    let latest: number | undefined;
    for (const [topic, at] of this.#changelogGrewAt) {
      if (topic.startsWith(`${applicationId}-sub-`) && /^\d+-changelog$/.test(topic.slice(applicationId.length + 5)) && (latest === undefined || at > latest)) latest = at;
    }
    return latest;
  }

  #watchChangelogs(now: number): void {
    for (const topic of this.#cluster.topics) {
      if (!topic.name.endsWith('-changelog')) continue;
      const before = this.#changelogEnds.get(topic.name);
      if (before !== undefined && topic.endOffset > before) this.#changelogGrewAt.set(topic.name, now);
      this.#changelogEnds.set(topic.name, topic.endOffset);
    }
  }

  #setBroker(up: boolean): void {
    if (up !== this.brokerUp) this.#since = Date.now();
    this.brokerUp = up;
  }

  /** Pages hear of the status when it changes, not every round. */
  #publishStatus(): void {
    const feeds = this.options.feeds().map((f) => ({ topic: f.topic, state: f.state }));
    const view: StatusView = { broker: this.brokerUp ? 'up' : 'down', since: this.#since, feeds, historyMs: this.options.historyMs };
    const key = JSON.stringify(view);
    if (key === this.#lastStatus) return;
    this.#lastStatus = key;
    this.status.set(view);
    this.hub.changed(this.status);
  }
}
