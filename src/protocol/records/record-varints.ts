/** Encoded sizes of varints, which the record codec needs before writing a record's length prefix. */

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
