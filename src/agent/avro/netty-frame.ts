/**
 * The framing of Avro's NettyTransceiver, which Flume's avro source and sink
 * use: `[i32 serial][i32 buffer count]` then `[i32 length][bytes]` per buffer.
 */
export function encodeFrame(serial: number, payload: Buffer): Buffer {
  const head = Buffer.allocUnsafe(12);
  head.writeInt32BE(serial, 0);
  head.writeInt32BE(payload.length === 0 ? 0 : 1, 4);
  if (payload.length === 0) return head.subarray(0, 8);
  head.writeInt32BE(payload.length, 8);
  return Buffer.concat([head, payload]);
}

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

const MAX_FRAME = 256 * 1024 * 1024;

/** Collects bytes from a socket and hands out whole frames, their buffers joined. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes the incomplete frame at the head needs at least, so big frames are not re-parsed per chunk. */
  private needed = 8;

  push(chunk: Buffer): Array<{ serial: number; payload: Buffer }> {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size < this.needed) return [];
    this.pending = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    const frames: Array<{ serial: number; payload: Buffer }> = [];
    for (;;) {
      const frame = this.next();
      if (!frame) break;
      frames.push(frame);
    }
    this.chunks = [this.pending];
    this.size = this.pending.length;
    return frames;
  }

  private next(): { serial: number; payload: Buffer } | undefined {
    const b = this.pending;
    this.needed = 8;
    if (b.length < 8) return undefined;
    const count = b.readInt32BE(4);
    if (count < 0 || count > 1_000_000) throw new FrameError(`frame claims ${count} buffers; this is not Avro Netty framing (is the peer speaking another protocol?)`);
    let o = 8;
    const parts: Buffer[] = [];
    let total = 0;
    for (let i = 0; i < count; i++) {
      this.needed = o + 4;
      if (b.length < o + 4) return undefined;
      const len = b.readInt32BE(o);
      total += len;
      if (len < 0 || total > MAX_FRAME) throw new FrameError(`frame buffer of ${len} bytes is out of bounds; this is not Avro Netty framing`);
      this.needed = o + 4 + len;
      if (b.length < o + 4 + len) return undefined;
      parts.push(b.subarray(o + 4, o + 4 + len));
      o += 4 + len;
    }
    this.pending = b.subarray(o);
    this.needed = 8;
    return { serial: b.readInt32BE(0), payload: parts.length === 1 ? parts[0]! : Buffer.concat(parts) };
  }
}
