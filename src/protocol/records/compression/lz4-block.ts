import { CorruptCompressedDataError } from './errors.js';

function corrupt(detail: string): CorruptCompressedDataError {
  return new CorruptCompressedDataError('lz4', detail);
}

/**
 * Decodes one LZ4 block, src[start, end), into dst from `at`, writing no
 * further than `limit`. Matches may reach back to `windowStart`: the block's
 * own start when the frame's blocks are independent, the frame's start when
 * they are linked. Returns where the output ends.
 */
export function decodeLz4Block(src: Buffer, start: number, end: number, dst: Buffer, at: number, limit: number, windowStart: number): number {
  let s = start;
  let d = at;
  for (;;) {
    if (s >= end) throw corrupt('block ends inside a sequence');
    const token = src[s++]!;
    let literals = token >>> 4;
    if (literals === 15) {
      let b: number;
      do {
        if (s >= end) throw corrupt('literal length cut short');
        b = src[s++]!;
        literals += b;
      } while (b === 255);
    }
    if (s + literals > end || d + literals > limit) throw corrupt(`literal run of ${literals} bytes overruns`);
    if (literals > 0) src.copy(dst, d, s, s + literals);
    s += literals;
    d += literals;
    // The last sequence of a block carries literals only.
    if (s === end) return d;

    if (s + 2 > end) throw corrupt('match offset cut short');
    const offset = src[s]! | (src[s + 1]! << 8);
    s += 2;
    let length = token & 15;
    if (length === 15) {
      let b: number;
      do {
        if (s >= end) throw corrupt('match length cut short');
        b = src[s++]!;
        length += b;
      } while (b === 255);
    }
    length += 4;
    const from = d - offset;
    if (offset === 0 || from < windowStart) throw corrupt(`match offset ${offset} reaches before the window`);
    if (d + length > limit) throw corrupt(`match of ${length} bytes overruns the block size`);
    if (offset >= length) {
      dst.copyWithin(d, from, from + length);
    } else {
      // Overlapping matches repeat a short pattern, which copyWithin would not do.
      for (let i = 0; i < length; i++) dst[d + i] = dst[from + i]!;
    }
    d += length;
  }
}
