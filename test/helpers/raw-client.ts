import { connect, type Socket } from 'node:net';
import { decodeResponse, encodeRequest, type RequestBody, type ResponseBody } from '../../src/protocol/messages.js';
import type { ApiSpec } from '../../src/protocol/schema.js';

/**
 * A minimal Kafka client over our own codec, for tests that need exact
 * control of what goes on the wire (bad frames, odd versions).
 */
export class RawClient {
  private buf = Buffer.alloc(0);
  private readonly waiting = new Map<number, (payload: Buffer) => void>();
  private nextId = 1;
  /** Set while a bare SASL token is awaited (the SaslHandshake v0 flow): the next frame is it, not a response. */
  private rawWaiter: ((token: Buffer) => void) | undefined;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => this.onData(d));
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, host, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    while (this.buf.length >= 4) {
      const size = this.buf.readInt32BE(0);
      if (this.buf.length < 4 + size) break;
      const payload = this.buf.subarray(4, 4 + size);
      this.buf = this.buf.subarray(4 + size);
      if (this.rawWaiter) {
        this.rawWaiter(payload);
        this.rawWaiter = undefined;
        continue;
      }
      const id = payload.readInt32BE(0);
      this.waiting.get(id)?.(payload);
      this.waiting.delete(id);
    }
  }

  /** Sends a request; resolves with the decoded response body at `responseVersion` (default: the request's). */
  request<S extends ApiSpec, V extends number, R extends number = V>(api: S, version: V, body: RequestBody<S, V>, responseVersion?: R): Promise<ResponseBody<S, R>> {
    const correlationId = this.nextId++;
    const frame = encodeRequest(api, { apiKey: api.apiKey, apiVersion: version, correlationId, clientId: 'raw-test' }, body);
    const reply = new Promise<ResponseBody<S, R>>((resolve, reject) => {
      this.waiting.set(correlationId, (payload) => resolve(decodeResponse(api, (responseVersion ?? version) as R, payload).body));
      this.closed.then(() => reject(new Error(`connection closed before the ${api.name} response`)));
    });
    for (const c of frame.chunks) this.socket.write(c);
    return reply;
  }

  /** Sends a bare size-prefixed SASL token (the SaslHandshake v0 flow) and resolves with the broker's bare reply. */
  saslToken(token: Buffer): Promise<Buffer> {
    const reply = new Promise<Buffer>((resolve, reject) => {
      this.rawWaiter = resolve;
      this.closed.then(() => reject(new Error('connection closed before the SASL token reply')));
    });
    const size = Buffer.alloc(4);
    size.writeInt32BE(token.length, 0);
    this.socket.write(Buffer.concat([size, token]));
    return reply;
  }

  /** Sends raw bytes as they are. */
  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }
}
