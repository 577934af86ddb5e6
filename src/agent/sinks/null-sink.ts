import type { Channel } from '../channels/channel.js';
import type { BatchSize, Context } from '../config/context.js';
import { takeAndDeliver, type Sink, type Status } from './sink.js';

/** Flume's `null` sink: takes events and discards them. */
export class NullSink implements Sink {
  readonly type = 'null';
  readonly batch: BatchSize;

  constructor(
    readonly name: string,
    ctx: Context,
    readonly channel: Channel,
  ) {
    this.batch = ctx.batchSize('batchSize', 100);
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  process(): Promise<Status> {
    return takeAndDeliver(this.name, this.channel, this.batch.size, async () => undefined);
  }
}
