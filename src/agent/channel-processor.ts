import type { Channel } from './channels/channel.js';
import type { FlumeEvent } from './event.js';
import type { Interceptor } from './interceptors/index.js';
import type { Logger } from '../log.js';
import type { ChannelSelector } from './selectors/index.js';

/**
 * What a source hands its events to, as in Flume: interceptors first, then
 * one put transaction per selected channel. A failed required channel fails
 * the call (the source decides what to do); a failed optional one is logged.
 */
export class ChannelProcessor {
  constructor(
    private readonly interceptors: Interceptor[],
    private readonly selector: ChannelSelector,
    private readonly logger: Logger,
  ) {}

  async processEvent(event: FlumeEvent): Promise<void> {
    await this.processEventBatch([event]);
  }

  async processEventBatch(events: FlumeEvent[]): Promise<void> {
    let batch = events;
    for (const i of this.interceptors) batch = i.intercept(batch);
    if (batch.length === 0) return;
    const required = new Map<Channel, FlumeEvent[]>();
    const optional = new Map<Channel, FlumeEvent[]>();
    for (const e of batch) {
      const req = this.selector.required(e);
      for (const c of req) add(required, c, e);
      for (const c of this.selector.optional(e)) if (!req.includes(c)) add(optional, c, e);
    }
    const results = await Promise.allSettled([...required].map(([c, list]) => c.put(list)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    await Promise.all(
      [...optional].map(([c, list]) =>
        c.put(list).catch((err: unknown) => this.logger.warn({ err, channel: c.name, events: list.length }, `optional channel ${c.name} refused a batch; the events went to the required channels only`)),
      ),
    );
  }
}

function add(m: Map<Channel, FlumeEvent[]>, c: Channel, e: FlumeEvent): void {
  const list = m.get(c);
  if (list) list.push(e);
  else m.set(c, [e]);
}
