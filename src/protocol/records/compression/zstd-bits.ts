import { CorruptCompressedDataError } from './errors.js';

export function corrupt(detail: string): CorruptCompressedDataError {
  return new CorruptCompressedDataError('zstd', detail);
}

/**
 * A bitstream read from its end backwards, as zstd writes its FSE and Huffman
 * streams: the last byte holds the first bits to read under a 1 marker bit.
 * `left` counts the bits still unread; they are the low `left` bits of the
 * stream taken as one little-endian number.
 */
export class BackwardBits {
  left: number;

  constructor(
    readonly src: Uint8Array,
    readonly start: number,
    end: number,
  ) {
    if (end <= start) throw corrupt('a bitstream is empty');
    const last = src[end - 1]!;
    if (last === 0) throw corrupt('a bitstream has no end marker');
    this.left = (end - start) * 8 - (Math.clz32(last) - 24) - 1;
  }

  /** Reads n <= 25 bits; a valid stream never asks for more than it holds. */
  read(n: number): number {
    const p = this.left - n;
    if (p < 0) throw corrupt('a bitstream runs out');
    this.left = p;
    const s = this.src;
    const i = this.start + (p >>> 3);
    // Bytes past the stream's end hold bits above the ones wanted, which the mask drops.
    return (((s[i]! | (s[i + 1]! << 8) | (s[i + 2]! << 16) | (s[i + 3]! << 24)) >>> (p & 7)) & ((1 << n) - 1)) >>> 0;
  }

  /** Reads n <= 31 bits, for offsets. */
  readLong(n: number): number {
    if (n <= 25) return this.read(n);
    const high = this.read(n - 16);
    return high * 0x10000 + this.read(16);
  }

  /**
   * Reads n <= 25 bits, taking zeros once the stream is used up, as FSE-coded
   * Huffman weights are read: running past the start is how their end is found.
   */
  readPadded(n: number): number {
    if (this.left >= n) return this.read(n);
    const have = Math.max(this.left, 0);
    const value = have > 0 ? this.read(have) << (n - have) : 0;
    this.left -= n - have;
    return value;
  }
}

/** Reads n <= 25 bits of a forward (little-endian, low bits first) bitstream at bit `bit` from `start`. */
export function peekForward(src: Uint8Array, start: number, bit: number, n: number): number {
  const i = start + (bit >>> 3);
  return ((src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16) | (src[i + 3]! << 24)) >>> (bit & 7)) & ((1 << n) - 1);
}
