import type { ChannelProcessor } from '../channel-processor.js';
import type { Context } from '../config/context.js';
import { AgentConfigError } from '../errors.js';
import type { Logger } from '../../log.js';
import { AvroRpcServer } from '../avro/rpc-server.js';
import { SourceListener } from './listen.js';
import type { Source } from './source.js';

/**
 * Flume's `avro` source: the receiving end of a hop from an avro sink. It
 * speaks Avro RPC with Netty framing and Flume's AvroSourceProtocol; each
 * append or appendBatch call is one transaction, answered OK once stored, or
 * FAILED when the channel refused it, so the sending sink rolls back and
 * retries.
 */
export class AvroSource implements Source {
  readonly type = 'avro';
  private readonly rpc: AvroRpcServer;
  private readonly listener: SourceListener;

  constructor(
    readonly name: string,
    ctx: Context,
    processor: ChannelProcessor,
    private readonly logger: Logger,
  ) {
    ctx.int('threads', 0, 0);
    const compression = ctx.string('compression-type', 'none');
    if (compression !== 'none') throw new AgentConfigError(ctx.key('compression-type'), `"${compression}" is not supported; use none`);
    if (ctx.bool('ssl', false)) throw new AgentConfigError(ctx.key('ssl'), 'TLS is not supported by this avro source');
    if (ctx.bool('ipFilter', false)) throw new AgentConfigError(ctx.key('ipFilter'), 'IP filtering is not supported; bind to a private address instead');
    this.rpc = new AvroRpcServer(async (events) => {
      try {
        await processor.processEventBatch(events);
        return 'OK';
      } catch (err) {
        this.logger.warn({ err, source: name, events: events.length }, `avro source ${name} could not store a batch; answered FAILED so the sender retries`);
        return 'FAILED';
      }
    }, logger);
    this.listener = new SourceListener(this.rpc.server, ctx, { type: this.type, name, dropConnections: () => this.rpc.closeConnections() }, logger);
  }

  get port(): number {
    return this.listener.port;
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}
