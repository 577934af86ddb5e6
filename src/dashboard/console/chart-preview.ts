import type { Namespace, Socket } from 'socket.io';
import type { Admin, FetchedRecord } from '../../client/index.js';
import type { FeedRecord } from '../feeds/topic-feed.js';
import type { Channel } from '../hub/channel.js';
import { PageConfigError, parsePageConfig, type PageConfig } from '../topic-pages/page-config.js';
import { TopicPageModel } from '../topic-pages/topic-page-model.js';
import { readOn, TAIL_WAIT_MS } from './live.js';
import { partitionsOf, rangesFor } from './messages.js';

/** What the chart builder's errors name as the config's source, where a `--page` error names the file. */
const BUILDER_SOURCE = 'the chart builder';
/** The name a candidate config gets when the builder gives none, as a file's base name would. */
const BUILDER_DEFAULT_NAME = 'chart';

/** Why the builder's config cannot be drawn, with the key at fault when the config is. */
export interface ChartProblem {
  error: string;
  key?: string;
}

export function problemOf(error: unknown): ChartProblem {
  if (error instanceof PageConfigError) return { error: error.message, key: error.key };
  return { error: error instanceof Error ? error.message : String(error) };
}

/** A candidate config checked by the same code as `--page`'s files, so what the builder saves is what `--page` serves. */
export const parseCandidate = (raw: unknown): PageConfig => parsePageConfig(raw, BUILDER_SOURCE, BUILDER_DEFAULT_NAME);

/** A fetched record as a page's feed hands it on; a tombstone, having no value, gives none. */
function feedRecord(topic: string, partition: number, r: FetchedRecord): FeedRecord | undefined {
  if (r.value === null) return undefined;
  return {
    topic,
    partition,
    offset: r.offset,
    timestamp: r.timestamp,
    key: r.key === null ? null : r.key.toString('utf8'),
    value: r.value.toString('utf8'),
    headers: new Map(r.headers.map((h) => [h.key, h.value === null ? '' : h.value.toString('utf8')])),
  };
}

/**
 * The chart builder's live preview on the console's namespace. `chart:open` takes a
 * candidate page config (and an id, echoed back); the preview then reads its topic as a `--page` page would (from
 * the window back, then on as records come) into the same TopicPageModel, and sends the
 * model's points as the page's `update` payloads (`chart:update`), so the console draws
 * them with the page's own code. Records the config does not fit are counted and the last
 * problem told. A new `chart:open`, `chart:close` or leaving the page ends the read.
 */
export function serveChartPreview(namespace: Namespace, admin: Admin, bootstrap: string): void {
  namespace.on('connection', (socket: Socket) => {
    let generation = 0;
    const current = () => {
      const mine = ++generation;
      return () => mine === generation && socket.connected;
    };
    socket.on('chart:close', () => void current());
    socket.on('chart:open', (request: { id?: unknown; config?: unknown } | undefined) => {
      const more = current();
      // Echoed in every answer, so the page can tell this preview's answers from those of the one it replaced.
      const id = typeof request?.id === 'number' ? request.id : 0;
      void (async () => {
        const page = parseCandidate(request?.config);
        // The model's channel stays out of the hub: this socket alone gets it, sent below after each fetch.
        const model = new TopicPageModel(page, { add: <C extends Channel>(channel: C) => channel, changed: () => undefined });
        const partitions = await partitionsOf(admin, page.topic, undefined);
        const ranges = await rangesFor(admin, partitions, { from: 'time', time: Date.now() - page.windowMs }, 0);
        if (!more()) return;
        const history = ranges.reduce((s, r) => s + r.end - r.from, 0);
        socket.emit('chart:started', { id, page, history });
        let sent = -1;
        let records = 0;
        let skipped = 0;
        let problem: string | undefined;
        const send = () => {
          const update = model.points.catchUp(sent);
          sent = model.points.version;
          socket.emit('chart:update', { id, ...(update && { update: update.payload }), records, skipped, ...(problem !== undefined && { problem }) });
        };
        send();
        await readOn(bootstrap, page.topic, new Map(ranges.map((r) => [r.partition, r.from])), undefined, TAIL_WAIT_MS, more, (fetched) => {
          if (fetched.length === 0 || !more()) return;
          for (const { partition, record } of fetched) {
            const fed = feedRecord(page.topic, partition, record);
            if (fed === undefined) continue;
            records++;
            try {
              model.take(fed);
            } catch (error) {
              skipped++;
              problem = error instanceof Error ? error.message : String(error);
            }
          }
          send();
        });
      })().catch((error: unknown) => {
        if (more()) socket.emit('chart:error', { id, ...problemOf(error) });
      });
    });
  });
}
