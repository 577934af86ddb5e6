import { CorruptCompressedDataError } from './errors.js';

/**
 * The raw snappy block format in pure TS, for machines where the native
 * `snappy` addon does not load.
 */

// A 2-byte-offset copy turns 3 input bytes into at most 64 output bytes, the
// best ratio snappy has, so a larger claimed length is a lie and must not be allocated.
const MAX_EXPANSION = 22;
const MAX_LITERAL = 65536;

function corrupt(detail: string): CorruptCompressedDataError {
  return new CorruptCompressedDataError('snappy', detail);
}

export function snappyDecompressBlock(src: Buffer): Buffer {
  let pos = 0;
  let length = 0;
  for (let scale = 1; ; scale *= 128) {
    if (pos >= src.length || scale > 2 ** 28) throw corrupt('bad length preamble');
    const b = src[pos++]!;
    length += (b & 0x7f) * scale;
    if (b < 0x80) break;
  }
  if (length > (src.length - pos) * MAX_EXPANSION) throw corrupt(`claims ${length} bytes from ${src.length - pos}`);

  const out = Buffer.allocUnsafe(length);
  let o = 0;
  while (pos < src.length) {
    const tag = src[pos++]!;
    let n: number;
    let offset: number;
    switch (tag & 3) {
      case 0: {
        n = tag >>> 2;
        if (n >= 60) {
          const width = n - 59;
          if (pos + width > src.length) throw corrupt('literal length cut short');
          n = src.readUIntLE(pos, width);
          pos += width;
        }
        n += 1;
        if (pos + n > src.length || o + n > length) throw corrupt(`literal of ${n} bytes overruns`);
        src.copy(out, o, pos, pos + n);
        pos += n;
        o += n;
        continue;
      }
      case 1:
        if (pos + 1 > src.length) throw corrupt('copy cut short');
        n = 4 + ((tag >>> 2) & 7);
        offset = ((tag >>> 5) << 8) | src[pos]!;
        pos += 1;
        break;
      case 2:
        if (pos + 2 > src.length) throw corrupt('copy cut short');
        n = 1 + (tag >>> 2);
        offset = src.readUInt16LE(pos);
        pos += 2;
        break;
      default:
        if (pos + 4 > src.length) throw corrupt('copy cut short');
        n = 1 + (tag >>> 2);
        offset = src.readUInt32LE(pos);
        pos += 4;
    }
    if (offset === 0 || offset > o) throw corrupt(`copy offset ${offset} at output ${o}`);
    if (o + n > length) throw corrupt(`copy of ${n} bytes overruns the ${length}-byte output`);
    const from = o - offset;
    if (offset >= n) {
      out.copyWithin(o, from, from + n);
    } else {
      // Overlapping copies repeat a short pattern, which copyWithin would not do.
      for (let i = 0; i < n; i++) out[o + i] = out[from + i]!;
    }
    o += n;
  }
  if (o !== length) throw corrupt(`produced ${o} of ${length} bytes`);
  return out;
}

/**
 * A valid snappy block made of literals only: no size gain, but any snappy
 * decoder reads it, which is all a fallback producer needs.
 */
export function snappyCompressLiterals(src: Buffer): Buffer {
  const chunks = Math.ceil(src.length / MAX_LITERAL);
  const out = Buffer.allocUnsafe(5 + chunks * 3 + src.length);
  let o = 0;
  let v = src.length;
  while (v >= 0x80) {
    out[o++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  out[o++] = v;
  for (let pos = 0; pos < src.length; pos += MAX_LITERAL) {
    const n = Math.min(MAX_LITERAL, src.length - pos) - 1;
    if (n < 60) {
      out[o++] = n << 2;
    } else if (n < 256) {
      out[o++] = 60 << 2;
      out[o++] = n;
    } else {
      out[o++] = 61 << 2;
      out.writeUInt16LE(n, o);
      o += 2;
    }
    o += src.copy(out, o, pos, pos + n + 1);
  }
  return out.subarray(0, o);
}
