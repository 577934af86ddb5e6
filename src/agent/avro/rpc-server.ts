import { createServer, type Server, type Socket } from 'node:net';
import type { FlumeEvent } from '../event.js';
import type { Logger } from '../../log.js';
import { AvroReader, AvroWriter } from './binary.js';
import {
  PROTOCOL_HASH,
  PROTOCOL_TEXT,
  readCall,
  readHandshakeRequest,
  writeErrorResponse,
  writeHandshakeResponse,
  writeStatusResponse,
  type HandshakeMatch,
  type Status,
} from './flume-protocol.js';
import { encodeFrame, FrameDecoder } from './netty-frame.js';

/** Stores a batch; resolves OK, or FAILED when the channel refused it. */
export type AppendHandler = (events: FlumeEvent[]) => Promise<Status>;

/**
 * The responder side of Avro RPC over Netty framing, speaking Flume's
 * AvroSourceProtocol: the handshake on a connection's first request, then
 * append / appendBatch calls, answered in order, one at a time per connection.
 */
export class AvroRpcServer {
  readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly knownClients = new Set<string>([PROTOCOL_HASH.toString('hex')]);

  constructor(
    private readonly handler: AppendHandler,
    private readonly logger: Logger,
  ) {
    this.server = createServer((s) => this.serve(s));
  }

  closeConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', (err) => this.logger.debug({ err }, 'avro client connection error'));
    const decoder = new FrameDecoder();
    let handshaken = false;
    let chain = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      let frames;
      try {
        frames = decoder.push(chunk);
      } catch (err) {
        this.logger.warn({ err, remote: socket.remoteAddress }, `avro source dropped a connection: ${(err as Error).message}`);
        socket.destroy();
        return;
      }
      for (const { serial, payload } of frames) {
        chain = chain.then(async () => {
          const w = new AvroWriter();
          try {
            const r = new AvroReader(payload);
            if (!handshaken) {
              const match = this.handshake(r, w);
              if (match === 'NONE') return void socket.write(encodeFrame(serial, w.toBuffer()));
              handshaken = true;
            }
            const call = readCall(r);
            if (call.message !== '') writeStatusResponse(w, await this.handler(call.events));
          } catch (err) {
            this.logger.warn({ err, remote: socket.remoteAddress }, `avro source could not read a request: ${(err as Error).message}`);
            writeErrorResponse(w, (err as Error).message);
          }
          if (!socket.destroyed) socket.write(encodeFrame(serial, w.toBuffer()));
        });
      }
    });
  }

  /** Avro's Responder.handshake: a client is known by its protocol's MD5, or learnt from the protocol text it sends. */
  private handshake(r: AvroReader, w: AvroWriter): HandshakeMatch {
    const req = readHandshakeRequest(r);
    const hash = req.clientHash.toString('hex');
    if (!this.knownClients.has(hash) && req.clientProtocol !== null && speaksFlume(req.clientProtocol)) this.knownClients.add(hash);
    const known = this.knownClients.has(hash);
    const match: HandshakeMatch = !known ? 'NONE' : req.serverHash.equals(PROTOCOL_HASH) ? 'BOTH' : 'CLIENT';
    const sendOurs = match !== 'BOTH';
    writeHandshakeResponse(w, { match, serverProtocol: sendOurs ? PROTOCOL_TEXT : null, serverHash: sendOurs ? PROTOCOL_HASH : null });
    return match;
  }
}

function speaksFlume(protocolText: string): boolean {
  try {
    const p = JSON.parse(protocolText) as { messages?: Record<string, unknown> };
    return !!p.messages && ('appendBatch' in p.messages || 'append' in p.messages);
  } catch {
    return false;
  }
}
