/**
 * xxHash64, whose low 32 bits are the zstd content checksum. 64-bit values
 * are carried as two uint32 halves because BigInt arithmetic is many times
 * slower, and a checksum runs over every byte a frame decodes to. Each helper
 * returns the low half and leaves the high half in `high[0]` (a typed array, which
 * holds a uint32 unboxed), so the hot loop allocates nothing.
 */
const P1H = 0x9e3779b1;
const P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d;
const P2L = 0x27d4eb4f;
const P3H = 0x165667b1;
const P3L = 0x9e3779f9;
const P4H = 0x85ebca77;
const P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f;
const P5L = 0x165667c5;

const high = new Uint32Array(1);

function add(aHi: number, aLo: number, bHi: number, bLo: number): number {
  const lo = aLo + bLo;
  high[0] = (aHi + bHi + (lo > 0xffffffff ? 1 : 0)) >>> 0;
  return lo >>> 0;
}

function mul(aHi: number, aLo: number, bHi: number, bLo: number): number {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  high[0] = (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
  return ((mid << 16) | (p00 & 0xffff)) >>> 0;
}

/** Rotates left by 0 < r < 32. */
function rotl(aHi: number, aLo: number, r: number): number {
  high[0] = ((aHi << r) | (aLo >>> (32 - r))) >>> 0;
  return ((aLo << r) | (aHi >>> (32 - r))) >>> 0;
}

function le32(data: Uint8Array, at: number): number {
  return (data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0;
}

/** acc + lane * P2, rotated left by 31, times P1. */
function round(accHi: number, accLo: number, laneHi: number, laneLo: number): number {
  let lo = mul(laneHi, laneLo, P2H, P2L);
  lo = add(accHi, accLo, high[0]!, lo);
  lo = rotl(high[0]!, lo, 31);
  return mul(high[0]!, lo, P1H, P1L);
}

/** Folds a lane into the hash: (h ^ round(0, lane)) * P1 + P4. */
function merge(hHi: number, hLo: number, vHi: number, vLo: number): number {
  const lo = round(0, 0, vHi, vLo);
  const product = mul((hHi ^ high[0]!) >>> 0, (hLo ^ lo) >>> 0, P1H, P1L);
  return add(high[0]!, product, P4H, P4L);
}

/** xxHash64 with seed 0 of data[start, end), as a bigint. */
export function xxhash64(data: Uint8Array, start = 0, end = data.length): bigint {
  const len = end - start;
  let pos = start;
  let hHi: number;
  let hLo: number;
  if (len >= 32) {
    let v1l = add(P1H, P1L, P2H, P2L);
    let v1h = high[0]!;
    let v2h = P2H;
    let v2l = P2L;
    let v3h = 0;
    let v3l = 0;
    // 0 - P1, in two's complement.
    let v4l = add(~P1H >>> 0, ~P1L >>> 0, 0, 1);
    let v4h = high[0]!;
    for (const limit = end - 32; pos <= limit; pos += 32) {
      v1l = round(v1h, v1l, le32(data, pos + 4), le32(data, pos));
      v1h = high[0]!;
      v2l = round(v2h, v2l, le32(data, pos + 12), le32(data, pos + 8));
      v2h = high[0]!;
      v3l = round(v3h, v3l, le32(data, pos + 20), le32(data, pos + 16));
      v3h = high[0]!;
      v4l = round(v4h, v4l, le32(data, pos + 28), le32(data, pos + 24));
      v4h = high[0]!;
    }
    const lanes = [[v1h, v1l, 1], [v2h, v2l, 7], [v3h, v3l, 12], [v4h, v4l, 18]] as const;
    hHi = 0;
    hLo = 0;
    for (const [vh, vl, r] of lanes) {
      const rotated = rotl(vh, vl, r);
      hLo = add(hHi, hLo, high[0]!, rotated);
      hHi = high[0]!;
    }
    for (const [vh, vl] of lanes) {
      hLo = merge(hHi, hLo, vh, vl);
      hHi = high[0]!;
    }
  } else {
    hHi = P5H;
    hLo = P5L;
  }
  hLo = add(hHi, hLo, Math.floor(len / 2 ** 32), len >>> 0);
  hHi = high[0]!;
  for (; pos + 8 <= end; pos += 8) {
    const k = round(0, 0, le32(data, pos + 4), le32(data, pos));
    hLo = rotl((hHi ^ high[0]!) >>> 0, (hLo ^ k) >>> 0, 27);
    const product = mul(high[0]!, hLo, P1H, P1L);
    hLo = add(high[0]!, product, P4H, P4L);
    hHi = high[0]!;
  }
  if (pos + 4 <= end) {
    const k = mul(0, le32(data, pos), P1H, P1L);
    hLo = rotl((hHi ^ high[0]!) >>> 0, (hLo ^ k) >>> 0, 23);
    const product = mul(high[0]!, hLo, P2H, P2L);
    hLo = add(high[0]!, product, P3H, P3L);
    hHi = high[0]!;
    pos += 4;
  }
  for (; pos < end; pos++) {
    const k = mul(0, data[pos]!, P5H, P5L);
    hLo = rotl((hHi ^ high[0]!) >>> 0, (hLo ^ k) >>> 0, 11);
    hLo = mul(high[0]!, hLo, P1H, P1L);
    hHi = high[0]!;
  }
  // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32.
  hLo = mul(hHi, (hLo ^ (hHi >>> 1)) >>> 0, P2H, P2L);
  hHi = high[0]!;
  hLo = mul((hHi ^ (hHi >>> 29)) >>> 0, (hLo ^ ((hLo >>> 29) | (hHi << 3))) >>> 0, P3H, P3L);
  hHi = high[0]!;
  hLo = (hLo ^ hHi) >>> 0;
  return (BigInt(hHi) << 32n) | BigInt(hLo);
}
