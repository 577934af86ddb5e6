import { corrupt } from './zstd-bits.js';
import { decodeHuffmanStream, readHuffmanTable, type HuffmanTable } from './zstd-huffman.js';

/** Where a block's literals are: in the compressed input itself when stored raw, else in a scratch buffer. */
export interface Literals {
  buf: Uint8Array;
  start: number;
  end: number;
}

/** Literal state that outlives one block: treeless literals reuse the frame's last Huffman table. */
export interface LiteralsContext {
  huffman: HuffmanTable | null;
  readonly scratch: Uint8Array;
}

const RAW = 0;
const RLE = 1;
const COMPRESSED = 2;

/**
 * Reads the literals section (RFC 8878 §3.1.1.3.1) of the block at
 * src[pos, end), at most `max` bytes of literals. Returns where it ends.
 */
export function readLiterals(src: Uint8Array, pos: number, end: number, max: number, ctx: LiteralsContext, out: Literals): number {
  if (pos >= end) throw corrupt('literals section missing');
  const b0 = src[pos]!;
  const type = b0 & 3;
  const sizeFormat = (b0 >>> 2) & 3;
  if (type === RAW || type === RLE) {
    const headerBytes = sizeFormat === 1 ? 2 : sizeFormat === 3 ? 3 : 1;
    if (pos + headerBytes > end) throw corrupt('literals header cut short');
    const size =
      headerBytes === 1 ? b0 >>> 3 : headerBytes === 2 ? (b0 >>> 4) | (src[pos + 1]! << 4) : (b0 >>> 4) | (src[pos + 1]! << 4) | (src[pos + 2]! << 12);
    if (size > max) throw corrupt(`${size} literals overrun the block`);
    pos += headerBytes;
    if (type === RAW) {
      if (pos + size > end) throw corrupt('raw literals cut short');
      out.buf = src;
      out.start = pos;
      out.end = pos + size;
      return pos + size;
    }
    if (pos >= end) throw corrupt('RLE literal byte missing');
    ctx.scratch.fill(src[pos]!, 0, size);
    out.buf = ctx.scratch;
    out.start = 0;
    out.end = size;
    return pos + 1;
  }

  const headerBytes = sizeFormat < 2 ? 3 : sizeFormat + 2;
  if (pos + headerBytes > end) throw corrupt('literals header cut short');
  let regenerated: number;
  let compressed: number;
  if (headerBytes === 3) {
    const v = b0 | (src[pos + 1]! << 8) | (src[pos + 2]! << 16);
    regenerated = (v >>> 4) & 0x3ff;
    compressed = (v >>> 14) & 0x3ff;
  } else if (headerBytes === 4) {
    const v = (b0 | (src[pos + 1]! << 8) | (src[pos + 2]! << 16) | (src[pos + 3]! << 24)) >>> 0;
    regenerated = (v >>> 4) & 0x3fff;
    compressed = v >>> 18;
  } else {
    const b2 = src[pos + 2]!;
    regenerated = (b0 >>> 4) | (src[pos + 1]! << 4) | ((b2 & 0x3f) << 12);
    compressed = (b2 >>> 6) | (src[pos + 3]! << 2) | (src[pos + 4]! << 10);
  }
  pos += headerBytes;
  if (regenerated > max) throw corrupt(`${regenerated} literals overrun the block`);
  const stop = pos + compressed;
  if (stop > end) throw corrupt('compressed literals cut short');
  let table: HuffmanTable;
  if (type === COMPRESSED) {
    const read = readHuffmanTable(src, pos, stop);
    table = ctx.huffman = read.table;
    pos = read.end;
  } else {
    if (!ctx.huffman) throw corrupt('treeless literals with no earlier Huffman table in the frame');
    table = ctx.huffman;
  }
  const dst = ctx.scratch;
  if (sizeFormat === 0) {
    decodeHuffmanStream(table, src, pos, stop, dst, 0, regenerated);
  } else {
    // Four streams after a jump table of the first three's sizes; each holds a quarter of the literals, rounded up.
    if (pos + 6 > stop) throw corrupt('Huffman jump table cut short');
    const quarter = Math.ceil(regenerated / 4);
    if (3 * quarter > regenerated) throw corrupt(`${regenerated} literals cannot fill four streams`);
    let s = pos + 6;
    for (let i = 0; i < 4; i++) {
      const e = i < 3 ? s + (src[pos + 2 * i]! | (src[pos + 2 * i + 1]! << 8)) : stop;
      if (e > stop) throw corrupt('Huffman stream sizes overrun the literals');
      decodeHuffmanStream(table, src, s, e, dst, i * quarter, i < 3 ? quarter : regenerated - 3 * quarter);
      s = e;
    }
  }
  out.buf = dst;
  out.start = 0;
  out.end = regenerated;
  return stop;
}
