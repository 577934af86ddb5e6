import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/**
 * Varint work the record codec needs beyond Reader and Writer, whose varlong
 * goes through BigInt: too slow for a field every record carries.
 */

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function fitsInt32(v: number): boolean {
  return v >= INT32_MIN && v <= INT32_MAX;
}

/** Bytes of a zigzag varint holding an int32. */
export function varintSize(v: number): number {
  const zz = ((v << 1) ^ (v >> 31)) >>> 0;
  return zz < 0x80 ? 1 : zz < 0x4000 ? 2 : zz < 0x200000 ? 3 : zz < 0x10000000 ? 4 : 5;
}

export function varlongSize(v: number): number {
  if (fitsInt32(v)) return varintSize(v);
  let zz = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (zz >= 0x80) {
    zz = Math.floor(zz / 0x80);
    n++;
  }
  return n;
}

/** Zigzag of an int32 equals its zigzag as an int64, so small varlongs are written as varints, without BigInt. */
export function writeVarlong(w: Writer, v: number): void {
  if (fitsInt32(v)) w.varint(v);
  else w.varlong(v);
}

/** Reads a varlong; values within ±2^27 (deltas of up to 37 hours in ms) take a path without BigInt. */
export function readVarlong(r: Reader): number {
  const buf = r.buf;
  const end = r.end;
  let p = r.pos;
  let zz = 0;
  for (let shift = 0; shift < 28 && p < end; shift += 7) {
    const b = buf[p++]!;
    zz |= (b & 0x7f) << shift;
    if (b < 0x80) {
      r.pos = p;
      return (zz >>> 1) ^ -(zz & 1);
    }
  }
  return r.varlong();
}
