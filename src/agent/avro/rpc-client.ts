import { connect, type Socket } from 'node:net';
import type { FlumeEvent } from '../event.js';
import { AvroReader, AvroWriter } from './binary.js';
import {
  PROTOCOL_HASH,
  PROTOCOL_TEXT,
  readHandshakeResponse,
  readStatusResponse,
  writeAppendBatchCall,
  writeHandshakeRequest,
  type Status,
} from './flume-protocol.js';
import { encodeFrame, FrameDecoder } from './netty-frame.js';

export class AvroRpcError extends Error {
  override readonly name = 'AvroRpcError';
}

export interface AvroRpcClientOptions {
  host: string;
  port: number;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

/**
 * The requestor side of Flume's avro hop: one connection, one request at a
 * time. The first request on a connection carries the handshake with our
 * protocol text, so a Java responder that does not know our hash learns it
 * at once instead of asking again. Any failure drops the connection; the
 * next call reconnects.
 */
export class AvroRpcClient {
  private socket: Socket | undefined;
  private handshaken = false;
  private serial = 0;
  private waiting: { serial: number; resolve(payload: Buffer): void; reject(err: Error): void } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: AvroRpcClientOptions) {}

  appendBatch(events: readonly FlumeEvent[]): Promise<Status> {
    const run = this.queue.then(() => this.call(events));
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.drop(new AvroRpcError('avro sink closed the connection'));
  }

  private async call(events: readonly FlumeEvent[]): Promise<Status> {
    const socket = await this.connect();
    const w = new AvroWriter();
    const withHandshake = !this.handshaken;
    if (withHandshake) writeHandshakeRequest(w, { clientHash: PROTOCOL_HASH, clientProtocol: PROTOCOL_TEXT, serverHash: PROTOCOL_HASH });
    writeAppendBatchCall(w, events);
    const serial = ++this.serial;
    const payload = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => this.drop(new AvroRpcError(`no answer from ${this.where()} within request-timeout ${this.opts.requestTimeoutMs} ms`)), this.opts.requestTimeoutMs);
      this.waiting = {
        serial,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      socket.write(encodeFrame(serial, w.toBuffer()));
    });
    try {
      const r = new AvroReader(payload);
      if (withHandshake) {
        const hs = readHandshakeResponse(r);
        if (hs.match === 'NONE') throw new AvroRpcError(`${this.where()} does not accept Flume's AvroSourceProtocol (handshake NONE); is it a Flume avro source?`);
        this.handshaken = true;
      }
      return readStatusResponse(r);
    } catch (err) {
      this.drop(err as Error);
      throw err;
    }
  }

  private where(): string {
    return `${this.opts.host}:${this.opts.port}`;
  }

  private connect(): Promise<Socket> {
    if (this.socket) return Promise.resolve(this.socket);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.opts.host, port: this.opts.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new AvroRpcError(`cannot connect to avro source at ${this.where()} within connect-timeout ${this.opts.connectTimeoutMs} ms`));
      }, this.opts.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        this.socket = socket;
        this.handshaken = false;
        const decoder = new FrameDecoder();
        socket.on('data', (chunk: Buffer) => {
          try {
            for (const f of decoder.push(chunk)) {
              const w = this.waiting;
              if (w && w.serial === f.serial) {
                this.waiting = undefined;
                w.resolve(f.payload);
              }
            }
          } catch (err) {
            this.drop(err as Error);
          }
        });
        socket.on('close', () => this.drop(new AvroRpcError(`avro source at ${this.where()} closed the connection`), socket));
        resolve(socket);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        if (this.socket === socket) this.drop(err);
        else reject(new AvroRpcError(`cannot connect to avro source at ${this.where()}: ${err.message}`, { cause: err }));
      });
    });
  }

  private drop(err: Error, only?: Socket): void {
    if (only && this.socket !== only) return;
    this.socket?.destroy();
    this.socket = undefined;
    this.handshaken = false;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(err);
  }
}
