/** The Avro binary encoding, for the few types Flume's RPC protocol uses. */
export class AvroWriter {
  private buf = Buffer.allocUnsafe(1024);
  private o = 0;

  private ensure(n: number): void {
    if (this.o + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.o + n));
    this.buf.copy(next, 0, 0, this.o);
    this.buf = next;
  }

  /** int and long share the zig-zag varint encoding; exact while |n| < 2^52, far beyond any length or count here. */
  long(n: number): this {
    let z = n >= 0 ? n * 2 : -n * 2 - 1;
    this.ensure(10);
    while (z >= 0x80) {
      this.buf[this.o++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    this.buf[this.o++] = z;
    return this;
  }

  boolean(b: boolean): this {
    this.ensure(1);
    this.buf[this.o++] = b ? 1 : 0;
    return this;
  }

  bytes(b: Buffer): this {
    this.long(b.length);
    return this.fixed(b);
  }

  fixed(b: Buffer): this {
    this.ensure(b.length);
    b.copy(this.buf, this.o);
    this.o += b.length;
    return this;
  }

  string(s: string): this {
    const len = Buffer.byteLength(s);
    this.long(len);
    this.ensure(len);
    this.o += this.buf.write(s, this.o);
    return this;
  }

  /** A map as one block followed by the empty block that ends it. */
  map<V>(entries: Record<string, V>, value: (w: this, v: V) => void): this {
    const keys = Object.keys(entries);
    if (keys.length > 0) {
      this.long(keys.length);
      for (const k of keys) {
        this.string(k);
        value(this, entries[k]!);
      }
    }
    return this.long(0);
  }

  array<V>(items: readonly V[], item: (w: this, v: V) => void): this {
    if (items.length > 0) {
      this.long(items.length);
      for (const v of items) item(this, v);
    }
    return this.long(0);
  }

  toBuffer(): Buffer {
    return this.buf.subarray(0, this.o);
  }
}

export class AvroDecodeError extends Error {
  override readonly name = 'AvroDecodeError';
}

export class AvroReader {
  private o = 0;

  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.o >= this.buf.length;
  }

  private need(n: number): void {
    if (this.o + n > this.buf.length) throw new AvroDecodeError('Avro data ends early; the peer sent a truncated or non-Avro message');
  }

  long(): number {
    let value = 0;
    let mul = 1;
    for (let i = 0; ; i++) {
      this.need(1);
      const b = this.buf[this.o++]!;
      value += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) break;
      mul *= 0x80;
      if (i > 9) throw new AvroDecodeError('Avro varint longer than 10 bytes');
    }
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }

  boolean(): boolean {
    this.need(1);
    return this.buf[this.o++] !== 0;
  }

  fixed(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.o, this.o + n);
    this.o += n;
    return b;
  }

  bytes(): Buffer {
    const n = this.long();
    if (n < 0) throw new AvroDecodeError('negative Avro bytes length');
    return this.fixed(n);
  }

  string(): string {
    return this.bytes().toString('utf8');
  }

  /** Reads blocks until the empty one; a negative count is followed by the block's byte size, which we skip. */
  blocks(each: () => void): void {
    for (let n = this.long(); n !== 0; n = this.long()) {
      if (n < 0) {
        this.long();
        n = -n;
      }
      for (let i = 0; i < n; i++) each();
    }
  }

  map<V>(value: () => V, into: Record<string, V>): Record<string, V> {
    this.blocks(() => {
      const k = this.string();
      into[k] = value();
    });
    return into;
  }

  array<V>(item: () => V): V[] {
    const out: V[] = [];
    this.blocks(() => out.push(item()));
    return out;
  }
}
