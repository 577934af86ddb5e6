/**
 * Bounds-checked big-endian reader for Kafka's wire primitives.
 * Every read past the end throws `MalformedInputError`, so a cut or lying
 * frame is reported instead of yielding garbage.
 */
export class MalformedInputError extends Error {
  override readonly name = 'MalformedInputError';
}

export class Reader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    offset = 0,
    readonly end = buf.length,
  ) {
    this.pos = offset;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number): number {
    const at = this.pos;
    if (n < 0 || at + n > this.end) {
      throw new MalformedInputError(`wanted ${n} bytes at ${at}, only ${this.end - at} left`);
    }
    this.pos = at + n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.need(1));
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }

  uint16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }

  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }

  uint32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }

  int64(): number {
    const at = this.need(8);
    return this.buf.readInt32BE(at) * 4294967296 + this.buf.readUInt32BE(at + 4);
  }

  float64(): number {
    return this.buf.readDoubleBE(this.need(8));
  }

  uvarint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (shift > 28) throw new MalformedInputError(`unsigned varint longer than 5 bytes at ${this.pos}`);
      const b = this.buf[this.need(1)]!;
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return value >>> 0;
      shift += 7;
    }
  }

  varint(): number {
    const zz = this.uvarint();
    return (zz >>> 1) ^ -(zz & 1);
  }

  /** Values within ±2^27 (every timestamp or offset delta in practice) are read without BigInt. */
  varlong(): number {
    const start = this.pos;
    let zz = 0;
    for (let shift = 0; shift < 28 && this.pos < this.end; shift += 7) {
      const b = this.buf[this.pos++]!;
      zz |= (b & 0x7f) << shift;
      if (b < 0x80) return (zz >>> 1) ^ -(zz & 1);
    }
    this.pos = start;
    return this.bigVarlong();
  }

  private bigVarlong(): number {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      if (shift > 63n) throw new MalformedInputError(`varlong longer than 10 bytes at ${this.pos}`);
      const b = this.buf[this.need(1)]!;
      value |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
    }
    return Number((value >> 1n) ^ -(value & 1n));
  }

  uuid(): Buffer {
    return this.view(16);
  }

  /** A view into the underlying buffer, not a copy. */
  view(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  private utf8(n: number): string {
    const at = this.need(n);
    return this.buf.toString('utf8', at, at + n);
  }

  /**
   * A length prefix: int16 (strings), int32 (bytes) or, in flexible versions, an unsigned
   * varint holding the length + 1. A negative length is the sender's null.
   */
  private length(prefix: 'int16' | 'int32' | 'compact'): number {
    if (prefix === 'compact') return this.uvarint() - 1;
    return prefix === 'int16' ? this.int16() : this.int32();
  }

  /** A length that must not be null. */
  private present(n: number, what: string): number {
    if (n < 0) throw new MalformedInputError(`${what} length ${n} where null is not allowed`);
    return n;
  }

  string(): string {
    return this.utf8(this.present(this.length('int16'), 'string'));
  }

  nullableString(): string | null {
    const n = this.length('int16');
    return n < 0 ? null : this.utf8(n);
  }

  compactString(): string {
    return this.utf8(this.present(this.length('compact'), 'compact string'));
  }

  compactNullableString(): string | null {
    const n = this.length('compact');
    return n < 0 ? null : this.utf8(n);
  }

  bytes(): Buffer {
    return this.view(this.present(this.length('int32'), 'bytes'));
  }

  nullableBytes(): Buffer | null {
    const n = this.length('int32');
    return n < 0 ? null : this.view(n);
  }

  compactBytes(): Buffer {
    return this.view(this.present(this.length('compact'), 'compact bytes'));
  }

  compactNullableBytes(): Buffer | null {
    const n = this.length('compact');
    return n < 0 ? null : this.view(n);
  }

  /** An array length, checked against what is left so a lying count cannot allocate. */
  arrayLength(compact: boolean): number {
    const n = compact ? this.uvarint() - 1 : this.int32();
    if (n > this.remaining) throw new MalformedInputError(`array of ${n} elements with ${this.remaining} bytes left`);
    return n;
  }
}
