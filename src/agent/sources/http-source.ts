import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ChannelProcessor } from '../channel-processor.js';
import type { Context } from '../config/context.js';
import { AgentConfigError, ChannelFullError, TransactionTooLargeError } from '../errors.js';
import type { Logger } from '../../log.js';
import { BadRequestError, eventsFromJson } from './json-handler.js';
import { SourceListener } from './listen.js';
import type { Source } from './source.js';

const JSON_HANDLER = 'org.apache.flume.source.http.JSONHandler';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Flume's `http` source with its JSONHandler: one POST is one transaction.
 * 200 when stored; 400 when the body is not a JSON array of events; 503 when
 * the channel is full (retry later); 413 when the POST holds more events than
 * one transaction may.
 */
export class HttpSource implements Source {
  readonly type = 'http';
  private readonly listener: SourceListener;

  constructor(
    readonly name: string,
    ctx: Context,
    private readonly processor: ChannelProcessor,
    private readonly logger: Logger,
  ) {
    const handler = ctx.string('handler', JSON_HANDLER);
    if (handler !== JSON_HANDLER) throw new AgentConfigError(ctx.key('handler'), `"${handler}" is not supported; only ${JSON_HANDLER} is`);
    if (ctx.bool('enableSSL', false) || ctx.bool('ssl', false)) throw new AgentConfigError(ctx.key('ssl'), 'TLS is not supported by this http source; put a TLS proxy in front of it');
    const server = createServer((req, res) => void this.handle(req, res));
    const spec = { type: this.type, name, defaultHost: '127.0.0.1', scheme: 'http://', dropConnections: () => server.closeAllConnections() };
    this.listener = new SourceListener(server, ctx, spec, logger);
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('POST a JSON array of events\n');
      return;
    }
    try {
      const events = eventsFromJson(await readBody(req));
      await this.processor.processEventBatch(events);
      res.writeHead(200).end();
    } catch (err) {
      const status = err instanceof BadRequestError ? 400 : err instanceof ChannelFullError ? 503 : err instanceof TransactionTooLargeError ? 413 : 500;
      if (status >= 500) this.logger.warn({ err, source: this.name, status }, `http source ${this.name} refused a POST`);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`${(err as Error).message}\n`);
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequestError(`request body is over ${MAX_BODY_BYTES} bytes; send smaller batches`));
        req.destroy();
        return;
      }
      parts.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
