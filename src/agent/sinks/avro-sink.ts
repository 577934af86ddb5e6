import type { Channel } from '../channels/channel.js';
import type { BatchSize, Context } from '../config/context.js';
import { AgentConfigError } from '../errors.js';
import { AvroRpcClient } from '../avro/rpc-client.js';
import { takeAndDeliver, type Sink, type Status } from './sink.js';

/**
 * Flume's `avro` sink: sends each batch to an avro source with one
 * appendBatch call and commits only when it answers OK.
 */
export class AvroSink implements Sink {
  readonly type = 'avro';
  readonly batch: BatchSize;
  private readonly client: AvroRpcClient;
  private readonly resetMs: number;
  private lastReset = Date.now();

  constructor(
    readonly name: string,
    ctx: Context,
    readonly channel: Channel,
  ) {
    const host = ctx.requiredString('hostname', 'the avro sink');
    const port = ctx.requiredInt('port', 'the avro sink', 1, 65535);
    this.batch = ctx.batchSize('batch-size', 100);
    this.resetMs = ctx.int('reset-connection-interval', 0, 0) * 1000;
    const compression = ctx.string('compression-type', 'none');
    if (compression !== 'none') throw new AgentConfigError(ctx.key('compression-type'), `"${compression}" is not supported; use none`);
    if (ctx.bool('ssl', false)) throw new AgentConfigError(ctx.key('ssl'), 'TLS is not supported by this avro sink');
    this.client = new AvroRpcClient({
      host,
      port,
      connectTimeoutMs: ctx.int('connect-timeout', 20_000, 1000),
      requestTimeoutMs: ctx.int('request-timeout', 20_000, 1000),
    });
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.client.close();
  }

  process(): Promise<Status> {
    if (this.resetMs > 0 && Date.now() - this.lastReset >= this.resetMs) {
      this.client.close();
      this.lastReset = Date.now();
    }
    return takeAndDeliver(this.name, this.channel, this.batch.size, async (events) => {
      const status = await this.client.appendBatch(events);
      if (status !== 'OK') throw new Error(`avro source answered ${status}`);
    });
  }
}
