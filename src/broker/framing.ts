/**
 * Splits a TCP byte stream into size-prefixed Kafka frames. A frame inside
 * one received chunk is handed out as a view; only frames that span chunks
 * are copied.
 */
export class FrameError extends Error {
  override readonly name = 'FrameError';
}

export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes received but not yet part of a whole frame. */
  get buffered(): number {
    return this.pendingBytes;
  }

  /** Feeds a chunk; returns the whole frames it completes (payloads without the size prefix). */
  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.pendingBytes < 4) break;
      const head = this.peekSize();
      if (head < 0 || head > this.maxFrameBytes) {
        throw new FrameError(
          head < 0
            ? `negative frame size ${head}`
            : `frame size ${head} exceeds the limit of ${this.maxFrameBytes} bytes (raise --max-request-bytes if this is a real client)`,
        );
      }
      if (this.pendingBytes < 4 + head) break;
      frames.push(this.take(4 + head).subarray(4));
    }
    return frames;
  }

  private peekSize(): number {
    const first = this.pending[0]!;
    if (first.length >= 4) return first.readInt32BE(0);
    return this.concatPending().readInt32BE(0);
  }

  private concatPending(): Buffer {
    const all = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [all];
    return all;
  }

  private take(n: number): Buffer {
    let first = this.pending[0]!;
    if (first.length < n) first = this.concatPending();
    const out = first.subarray(0, n);
    if (first.length === n) this.pending.shift();
    else this.pending[0] = first.subarray(n);
    this.pendingBytes -= n;
    return out;
  }
}
