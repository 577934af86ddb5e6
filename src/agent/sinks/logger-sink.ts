import type { Channel } from '../channels/channel.js';
import type { BatchSize, Context } from '../config/context.js';
import type { FlumeEvent } from '../event.js';
import type { Logger } from '../../log.js';
import { takeAndDeliver, type Sink, type Status } from './sink.js';

const BATCH = 100;

/** Flume's `logger` sink: logs each event at INFO, showing at most maxBytesToLog bytes of its body. */
export class LoggerSink implements Sink {
  readonly type = 'logger';
  readonly batch: BatchSize;
  private readonly maxBytes: number;

  constructor(
    readonly name: string,
    ctx: Context,
    readonly channel: Channel,
    private readonly logger: Logger,
  ) {
    this.maxBytes = ctx.int('maxBytesToLog', 16, 0);
    this.batch = { size: Math.min(BATCH, channel.transactionCapacity) };
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  process(): Promise<Status> {
    return takeAndDeliver(this.name, this.channel, this.batch.size, async (events) => {
      for (const e of events) {
        const shown = e.body.subarray(0, this.maxBytes);
        this.logger.info({ sink: this.name, headers: e.headers, body: shown.toString('utf8'), bodyBytes: e.body.length }, dumpEvent(e, this.maxBytes));
      }
    });
  }
}

/** Flume's EventHelper.dumpEvent layout: `Event: { headers:{k=v} body: 68 65 6C 6C 6F  hello }`. */
export function dumpEvent(e: FlumeEvent, maxBytes: number): string {
  const headers = Object.entries(e.headers).map(([k, v]) => `${k}=${v}`).join(', ');
  const shown = e.body.subarray(0, maxBytes);
  let hex = '';
  let text = '';
  for (const b of shown) {
    hex += b.toString(16).toUpperCase().padStart(2, '0') + ' ';
    text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  return `Event: { headers:{${headers}} body: ${hex.padEnd(48)}${text} }`;
}
