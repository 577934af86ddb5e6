import { createServer, type Socket } from 'node:net';
import type { ChannelProcessor } from '../channel-processor.js';
import type { Context } from '../config/context.js';
import { AgentConfigError } from '../errors.js';
import { eventOf } from '../event.js';
import type { Logger } from '../../log.js';
import { SourceListener } from './listen.js';
import type { Source } from './source.js';

const OK = Buffer.from('OK\n');

/**
 * Flume's `netcat` source: each newline-terminated line a client sends
 * becomes one event, in its own transaction. With ack-every-event the client
 * gets `OK` per line; a line the channel refused (full after its keep-alive)
 * gets `FAILED: <why>` whatever ack-every-event says, so the sender knows.
 */
export class NetcatSource implements Source {
  readonly type = 'netcat';
  private readonly maxLineLength: number;
  private readonly ack: boolean;
  private readonly sockets = new Set<Socket>();
  private readonly listener: SourceListener;

  constructor(
    readonly name: string,
    ctx: Context,
    private readonly processor: ChannelProcessor,
    private readonly logger: Logger,
  ) {
    this.maxLineLength = ctx.int('max-line-length', 512, 1);
    this.ack = ctx.bool('ack-every-event', true);
    const encoding = ctx.string('encoding', 'utf-8');
    if (encoding.toLowerCase().replace('_', '-') !== 'utf-8') throw new AgentConfigError(ctx.key('encoding'), `"${encoding}" is not supported; bodies are kept as the bytes received (utf-8)`);
    const dropConnections = (): void => {
      for (const s of this.sockets) s.destroy();
    };
    this.listener = new SourceListener(createServer((s) => this.serve(s)), ctx, { type: this.type, name, dropConnections }, logger);
  }

  /** The port actually bound: the configured one, or the one picked for port 0. */
  get port(): number {
    return this.listener.port;
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', (err) => this.logger.debug({ err, source: this.name }, 'netcat client connection error'));
    let pending = Buffer.alloc(0);
    let discarding = false;
    let chain = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      socket.pause();
      chain = chain.then(async () => {
        let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        let nl: number;
        while ((nl = buf.indexOf(10)) !== -1) {
          const line = buf.subarray(0, nl);
          buf = buf.subarray(nl + 1);
          if (discarding) {
            discarding = false;
            continue;
          }
          if (line.length + 1 > this.maxLineLength) {
            this.reply(socket, `FAILED: Event exceeds the maximum length (${this.maxLineLength} chars, including newline)\n`);
            continue;
          }
          await this.deliver(socket, Buffer.from(line));
        }
        if (discarding) {
          buf = Buffer.alloc(0);
        } else if (buf.length >= this.maxLineLength) {
          this.reply(socket, `FAILED: Event exceeds the maximum length (${this.maxLineLength} chars, including newline)\n`);
          discarding = true;
          buf = Buffer.alloc(0);
        }
        pending = Buffer.from(buf);
        socket.resume();
      });
    });
  }

  private async deliver(socket: Socket, body: Buffer): Promise<void> {
    try {
      await this.processor.processEvent(eventOf(body));
      if (this.ack) this.reply(socket, OK);
    } catch (err) {
      this.logger.warn({ err, source: this.name }, `netcat source ${this.name} could not store a line; told the client FAILED`);
      this.reply(socket, `FAILED: ${(err as Error).message}\n`);
    }
  }

  private reply(socket: Socket, text: string | Buffer): void {
    if (!socket.destroyed) socket.write(text);
  }
}
