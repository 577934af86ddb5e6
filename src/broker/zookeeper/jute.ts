/**
 * Jute, ZooKeeper's record encoding: big-endian ints and longs, one-byte booleans,
 * and int-length-prefixed buffers, strings and vectors where -1 means null.
 */
export class JuteError extends Error {
  override readonly name = 'JuteError';
}

export class JuteReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, what: string): void {
    if (this.remaining < n) throw new JuteError(`frame ends inside ${what} (needs ${n} bytes, ${this.remaining} left)`);
  }

  int(): number {
    this.need(4, 'an int');
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  long(): bigint {
    this.need(8, 'a long');
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  bool(): boolean {
    this.need(1, 'a boolean');
    return this.buf[this.pos++] !== 0;
  }

  buffer(): Buffer | null {
    const n = this.int();
    if (n === -1) return null;
    if (n < 0) throw new JuteError(`negative buffer length ${n}`);
    this.need(n, 'a buffer');
    const v = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return v;
  }

  ustring(): string | null {
    const b = this.buffer();
    return b === null ? null : b.toString('utf8');
  }

  /** A string the record cannot do without (a path): null is malformed. */
  string(field: string): string {
    const s = this.ustring();
    if (s === null) throw new JuteError(`${field} is null`);
    return s;
  }

  vector<T>(item: (r: JuteReader) => T): T[] | null {
    const n = this.int();
    if (n === -1) return null;
    if (n < 0 || n > this.remaining) throw new JuteError(`vector length ${n} does not fit the frame`);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }
}

export class JuteWriter {
  private chunks: Buffer[] = [];

  int(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.chunks.push(b);
    return this;
  }

  long(v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    this.chunks.push(b);
    return this;
  }

  bool(v: boolean): this {
    this.chunks.push(Buffer.from([v ? 1 : 0]));
    return this;
  }

  buffer(v: Buffer | null): this {
    if (v === null) return this.int(-1);
    this.int(v.length);
    this.chunks.push(v);
    return this;
  }

  ustring(v: string | null): this {
    return this.buffer(v === null ? null : Buffer.from(v, 'utf8'));
  }

  vector<T>(items: readonly T[] | null, item: (w: JuteWriter, v: T) => void): this {
    if (items === null) return this.int(-1);
    this.int(items.length);
    for (const v of items) item(this, v);
    return this;
  }

  raw(b: Buffer): this {
    this.chunks.push(b);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** The record with its 4-byte length prefix, as it goes on the wire. */
  toFrame(): Buffer {
    const body = this.toBuffer();
    const head = Buffer.alloc(4);
    head.writeInt32BE(body.length);
    return Buffer.concat([head, body]);
  }
}
