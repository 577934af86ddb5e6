import { crc32 as nativeCrc32 } from 'node:zlib';

function tables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let b = 0; b < 256; b++) {
    let c = b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[b] = c;
  }
  for (let k = 1; k < 8; k++) {
    for (let b = 0; b < 256; b++) {
      const prev = t[(k - 1) * 256 + b]!;
      t[k * 256 + b] = (prev >>> 8) ^ t[prev & 0xff]!;
    }
  }
  return t;
}

/** From here on the native call's fixed cost is paid back (measured crossover, with margin). */
const NATIVE_FROM = 1024;

/** T[k * 256 + b]: the CRC of byte b followed by k zero bytes, so eight bytes fold in one step. */
const T = tables();

/**
 * CRC-32 (IEEE, as zlib and magic 0/1 messages use it) of buf[start, end).
 * A magic 0/1 message is a few hundred bytes, and for those the native call
 * (plus the view it needs) costs more than the checksum itself: measured on
 * 122 bytes, node:zlib takes about 230 ns, @node-rs/crc32 300 ns, and this
 * slicing-by-8 table walk about 100 ns. Long ranges still go native.
 */
export function crc32(buf: Buffer, start: number, end: number): number {
  return crc32Final(crc32Update(CRC32_START, buf, start, end));
}

/** The running state of a CRC-32 before any byte; crc32Update folds bytes in, crc32Final gives the checksum. */
export const CRC32_START = -1;

export function crc32Final(state: number): number {
  return (state ^ -1) >>> 0;
}

export function crc32Update(state: number, buf: Buffer, start: number, end: number): number {
  if (end - start >= NATIVE_FROM) return nativeCrc32(buf.subarray(start, end), crc32Final(state)) ^ -1;
  let c = state;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    c =
      T[7 * 256 + ((c ^ buf[i]!) & 0xff)]! ^
      T[6 * 256 + (((c >>> 8) ^ buf[i + 1]!) & 0xff)]! ^
      T[5 * 256 + (((c >>> 16) ^ buf[i + 2]!) & 0xff)]! ^
      T[4 * 256 + ((c >>> 24) ^ buf[i + 3]!)]! ^
      T[3 * 256 + buf[i + 4]!]! ^
      T[2 * 256 + buf[i + 5]!]! ^
      T[256 + buf[i + 6]!]! ^
      T[buf[i + 7]!]!;
  }
  for (; i < end; i++) c = T[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

/**
 * crc32Update over src[start, end), copying those bytes to dst at `at` in the
 * same pass: for a short key or value that beats Buffer.copy, which allocates
 * a view per call, followed by a second pass for the checksum.
 */
export function crc32Copy(state: number, src: Buffer, start: number, end: number, dst: Buffer, at: number): number {
  if (end - start >= NATIVE_FROM) {
    src.copy(dst, at, start, end);
    return crc32Update(state, dst, at, at + end - start);
  }
  let c = state;
  let i = start;
  let j = at;
  for (; i + 8 <= end; i += 8, j += 8) {
    const b0 = src[i]!;
    const b1 = src[i + 1]!;
    const b2 = src[i + 2]!;
    const b3 = src[i + 3]!;
    const b4 = src[i + 4]!;
    const b5 = src[i + 5]!;
    const b6 = src[i + 6]!;
    const b7 = src[i + 7]!;
    dst[j] = b0;
    dst[j + 1] = b1;
    dst[j + 2] = b2;
    dst[j + 3] = b3;
    dst[j + 4] = b4;
    dst[j + 5] = b5;
    dst[j + 6] = b6;
    dst[j + 7] = b7;
    c =
      T[7 * 256 + ((c ^ b0) & 0xff)]! ^
      T[6 * 256 + (((c >>> 8) ^ b1) & 0xff)]! ^
      T[5 * 256 + (((c >>> 16) ^ b2) & 0xff)]! ^
      T[4 * 256 + ((c >>> 24) ^ b3)]! ^
      T[3 * 256 + b4]! ^
      T[2 * 256 + b5]! ^
      T[256 + b6]! ^
      T[b7]!;
  }
  for (; i < end; i++, j++) {
    const b = src[i]!;
    dst[j] = b;
    c = T[(c ^ b) & 0xff]! ^ (c >>> 8);
  }
  return c;
}
