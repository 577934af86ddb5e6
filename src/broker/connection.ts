import type { Socket } from 'node:net';
import type { Logger } from '../log.js';
import { API_SPECS, ApiVersions } from '../protocol/apis.js';
import { decodeRequestBody, encodeResponse, peekRequestHeader, type Frame } from '../protocol/messages.js';
import { SchemaError } from '../protocol/codec.js';
import { MalformedInputError } from '../protocol/reader.js';
import { unsupportedApiVersionsResponse } from './handlers/api-versions.js';
import { HANDLERS } from './handlers/index.js';
import { NO_RESPONSE, type Answer, type BrokerContext, type RequestInfo } from './handlers/types.js';
import { FrameDecoder, FrameError } from './framing.js';
import type { ConnectionListener } from './listener-server.js';
import { SaslAuthenticationError } from './security/mechanism.js';
import { SaslSession } from './security/sasl-session.js';
import { authenticationFailed } from './security/auth-failure-log.js';
import { refusedVersion } from './unsupported-versions.js';
import type { Reader } from '../protocol/reader.js';

/** The client id (every header version starts its rest with it) and host, for naming a client in logs. */
function clientOf(reader: Reader, peer: string): string {
  const host = peer.slice(0, peer.lastIndexOf(':'));
  try {
    return `${reader.nullableString() ?? ''}@${host}`;
  } catch {
    return `@${host}`;
  }
}

/** One response slot, kept in request order so pipelined requests are answered in order. */
interface Slot {
  done: boolean;
  frame: Frame | null;
  /** Why the connection closes once this response is sent (a failed login, logged already through the rate-limited log). */
  closeAfter?: string;
}

/** A bare size-prefixed token, as the SaslHandshake v0 flow sends them. */
function rawFrame(token: Buffer): Frame {
  const size = Buffer.alloc(4);
  size.writeInt32BE(token.length, 0);
  return { chunks: [size, token], size: 4 + token.length };
}

/**
 * One client connection. Requests are handled as they arrive, but answered
 * strictly in order. Anything malformed closes this connection only.
 */
export class Connection {
  private readonly decoder: FrameDecoder;
  private readonly queue: Slot[] = [];
  private readonly logger: Logger;
  private readonly peer: string;
  /** The client's address without its port: repeating warnings are counted per address. */
  private readonly address: string;
  /** The client's address as ACLs name hosts. */
  private readonly clientHost: string;
  /** Set on a listener that requires SASL: until it authenticates, the client may send little. */
  private readonly sasl: SaslSession | undefined;
  /** The listener's advertised address, fixed once it is bound: every request carries it. */
  private readonly advertised: { host: string; port: number };
  /** Closed for bad input, warned of already: the bytes left over are not a second warning. */
  private rejected = false;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: BrokerContext,
    listener: ConnectionListener,
  ) {
    this.peer = `${socket.remoteAddress}:${socket.remotePort}`;
    this.address = socket.remoteAddress ?? 'unknown';
    // ACL hosts are plain IPv4 addresses as Kafka sees them, not Node's IPv4-mapped IPv6 form.
    this.clientHost = this.address.replace(/^::ffff:(?=\d+\.)/, '');
    this.logger = ctx.logger.child({ peer: this.peer, ...(ctx.options.listeners.length > 1 && { listener: listener.name }) });
    this.decoder = new FrameDecoder(ctx.options.maxRequestBytes);
    this.sasl = listener.sasl && new SaslSession(listener.sasl, this.logger);
    this.advertised = listener.advertised();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => socket.resume());
    socket.on('error', (err) => this.logger.debug({ err: err.message }, 'connection error'));
    socket.on('close', () => {
      if (this.decoder.buffered > 0 && !this.rejected) {
        const reason = `connection closed in the middle of a request frame; the partial request (${this.decoder.buffered} bytes) was dropped`;
        this.ctx.warnings.warn('bad-input', this.address, 'partial frame', reason, { bytes: this.decoder.buffered }, reason);
      }
    });
  }

  /** Bad input closes this connection; `cause` sorts the rate-limited warning's count. */
  private reject(cause: string, reason: string, details: object = {}): void {
    this.rejected = true;
    this.ctx.warnings.warn('bad-input', this.address, cause, reason, details, `closing connection from ${this.peer} after bad input: ${reason}`);
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      if (err instanceof FrameError) return this.reject('frame size', err.message);
      throw err;
    }
    for (const frame of frames) {
      // Ended: a response is going out before the close; what the client sent after it is not served.
      if (this.socket.destroyed || this.socket.writableEnded) return;
      if (this.sasl?.expectsRawToken) this.rawToken(this.sasl, frame);
      else this.dispatch(frame);
    }
  }

  /** One token of the SaslHandshake v0 flow: answered with a bare token; a failure closes the connection, with nothing to say why (v0 has no error field). */
  private rawToken(sasl: SaslSession, token: Buffer): void {
    const slot: Slot = { done: false, frame: null };
    this.queue.push(slot);
    sasl.rawToken(token).then(
      (reply) => {
        slot.frame = rawFrame(reply);
        slot.done = true;
        this.flush();
      },
      (err: unknown) => {
        if (err instanceof SaslAuthenticationError) authenticationFailed(this.ctx.warnings, this.address, 'SASL', `${err.message} (v0 handshake flow)`);
        else this.logger.error({ err }, 'SASL token handling failed; closing the connection');
        this.socket.destroy();
      },
    );
  }

  private dispatch(payload: Buffer): void {
    let head: ReturnType<typeof peekRequestHeader>;
    try {
      head = peekRequestHeader(payload);
    } catch {
      return this.reject('short header', 'request shorter than a request header', { bytes: payload.length });
    }
    const { apiKey, apiVersion, correlationId } = head;
    if (this.sasl && !this.sasl.allows(apiKey)) {
      authenticationFailed(this.ctx.warnings, this.address, 'unauthenticated request', `connection closed: ${this.sasl.refusal(API_SPECS.get(apiKey)?.name ?? `API key ${apiKey}`)}`);
      this.socket.destroy();
      return;
    }
    const handler = HANDLERS.get(apiKey);
    if (!handler) return this.reject('unknown API key', `unknown API key ${apiKey}`, { apiKey, apiVersion, correlationId });
    if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
      if (handler.spec === ApiVersions) {
        // Debug, not info: a client newer than the broker starts every connection this way (Kafka's own
        // negotiation), so a line per connection would flood the log of a busy broker.
        this.logger.debug({ apiVersion }, 'ApiVersions version not supported; answering UNSUPPORTED_VERSION in v0');
        const frame = encodeResponse(ApiVersions, 0, correlationId, unsupportedApiVersionsResponse(this.ctx));
        this.queue.push({ done: true, frame });
        return this.flush();
      }
      refusedVersion(this.ctx.warnings, clientOf(head.reader, this.peer), handler.spec.name, apiVersion, handler.minVersion, handler.maxVersion);
      this.socket.destroy();
      return;
    }
    let decoded: ReturnType<typeof decodeRequestBody>;
    try {
      decoded = decodeRequestBody(handler.spec, head.reader, apiVersion);
    } catch (err) {
      if (err instanceof MalformedInputError) return this.reject(`malformed ${handler.spec.name}`, `malformed ${handler.spec.name} v${apiVersion} request: ${err.message}`);
      throw err;
    }
    const slot: Slot = { done: false, frame: null };
    const req: RequestInfo = {
      apiVersion,
      correlationId,
      clientId: decoded.clientId,
      peer: this.peer,
      listener: this.advertised,
      requester: { principal: this.sasl?.user === undefined ? 'User:ANONYMOUS' : `User:${this.sasl.user}`, host: this.clientHost },
      sasl: this.sasl,
      rejectLogin: (reason) => {
        authenticationFailed(this.ctx.warnings, this.address, 'SASL', reason);
        slot.closeAfter = reason;
      },
    };
    this.queue.push(slot);
    const fail = (err: unknown) => {
      if (err instanceof SchemaError) {
        // A handler built a response its spec refuses: a broker bug, never the client's doing.
        this.logger.error({ err, api: handler.spec.name, apiVersion, field: err.site?.field }, 'response does not fit its schema; closing the connection');
      } else {
        this.logger.error({ err, api: handler.spec.name, apiVersion }, 'request handler failed; closing the connection');
      }
      this.socket.destroy();
    };
    const complete = (result: Answer<Record<string, unknown>>) => {
      try {
        slot.frame = result === NO_RESPONSE ? null : encodeResponse(handler.spec, apiVersion, correlationId, result);
      } catch (err) {
        return fail(err);
      }
      slot.done = true;
      this.flush();
    };
    try {
      const result = handler.handle(decoded.body, req, this.ctx);
      if (result instanceof Promise) result.then(complete, fail);
      else complete(result);
    } catch (err) {
      fail(err);
    }
  }

  private flush(): void {
    // Ended: the last response before a close is out; nothing more is written.
    if (this.socket.destroyed || this.socket.writableEnded) return;
    let wrote = false;
    let full = false;
    let closeAfter: string | undefined;
    while (this.queue.length > 0 && this.queue[0]!.done && closeAfter === undefined) {
      const slot = this.queue.shift()!;
      closeAfter = slot.closeAfter;
      if (!slot.frame) continue;
      if (!wrote) this.socket.cork();
      wrote = true;
      for (const chunk of slot.frame.chunks) full = !this.socket.write(chunk) || full;
    }
    if (wrote) this.socket.uncork();
    if (closeAfter !== undefined) {
      this.logger.debug({ reason: closeAfter }, 'closing connection after its response');
      this.socket.end(() => this.socket.destroy());
      return;
    }
    // A slow reader stops us reading its further requests until it catches up.
    if (full) this.socket.pause();
  }

  close(): void {
    this.socket.destroy();
  }
}
