import { BackwardBits, corrupt } from './zstd-bits.js';
import { readFseTable } from './zstd-fse.js';

const MAX_BITS = 11;
const MAX_WEIGHTS = 255;
const WEIGHTS_FSE_LOG = 6;

/** A Huffman decoding table, indexed by the next `maxBits` bits of a stream; each entry is symbol << 4 | code length. */
export interface HuffmanTable {
  readonly maxBits: number;
  readonly entries: Uint16Array;
}

/** Reads FSE-compressed weights, two states taking turns until one reads past the stream's start. */
function readFseWeights(src: Uint8Array, pos: number, end: number, weights: Uint8Array): number {
  const { table, end: streamStart } = readFseTable(src, pos, end, MAX_BITS, WEIGHTS_FSE_LOG);
  const { symbol, bits, base } = table;
  const stream = new BackwardBits(src, streamStart, end);
  const states = [stream.read(table.log), stream.read(table.log)];
  let n = 0;
  for (let turn = 0; ; turn ^= 1) {
    if (n >= MAX_WEIGHTS) throw corrupt('more than 255 Huffman weights');
    const s = states[turn]!;
    weights[n++] = symbol[s]!;
    states[turn] = base[s]! + stream.readPadded(bits[s]!);
    if (stream.left < 0) {
      if (n >= MAX_WEIGHTS) throw corrupt('more than 255 Huffman weights');
      weights[n++] = symbol[states[turn ^ 1]!]!;
      return n;
    }
  }
}

/** Reads a Huffman tree description (RFC 8878 §4.2.1) at src[pos, end); returns the table and where the description ends. */
export function readHuffmanTable(src: Uint8Array, pos: number, end: number): { table: HuffmanTable; end: number } {
  if (pos >= end) throw corrupt('Huffman tree description missing');
  const header = src[pos++]!;
  const weights = new Uint8Array(MAX_WEIGHTS + 1);
  let n: number;
  if (header >= 128) {
    n = header - 127;
    const bytes = (n + 1) >>> 1;
    if (pos + bytes > end) throw corrupt('Huffman weights cut short');
    for (let i = 0; i < n; i++) {
      const b = src[pos + (i >>> 1)]!;
      weights[i] = i & 1 ? b & 15 : b >>> 4;
    }
    pos += bytes;
  } else {
    if (header === 0 || pos + header > end) throw corrupt('Huffman weights cut short');
    n = readFseWeights(src, pos, pos + header, weights);
    pos += header;
  }

  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (w > MAX_BITS) throw corrupt(`Huffman weight ${w} exceeds ${MAX_BITS}`);
    if (w > 0) total += 1 << (w - 1);
  }
  if (total === 0) throw corrupt('Huffman weights are all zero');
  // The last symbol's weight is implied: whatever power of two completes the tree.
  const maxBits = 32 - Math.clz32(total);
  if (maxBits > MAX_BITS) throw corrupt(`Huffman codes longer than ${MAX_BITS} bits`);
  const rest = (1 << maxBits) - total;
  if ((rest & (rest - 1)) !== 0) throw corrupt('Huffman weights do not form a complete tree');
  weights[n++] = 32 - Math.clz32(rest);

  const start = new Uint32Array(maxBits + 2);
  for (let i = 0; i < n; i++) if (weights[i]! > 0) start[weights[i]!] += 1 << (weights[i]! - 1);
  // Longest codes (weight 1) take the lowest table slots.
  for (let w = 1, next = 0; w <= maxBits; w++) {
    const span = start[w]!;
    start[w] = next;
    next += span;
  }
  const entries = new Uint16Array(1 << maxBits);
  for (let sym = 0; sym < n; sym++) {
    const w = weights[sym]!;
    if (w === 0) continue;
    const from = start[w]!;
    const span = 1 << (w - 1);
    entries.fill((sym << 4) | (maxBits + 1 - w), from, from + span);
    start[w] = from + span;
  }
  return { table: { maxBits, entries }, end: pos };
}

/** Decodes one Huffman stream, src[start, end), into exactly `count` bytes of dst from `at`. */
export function decodeHuffmanStream(table: HuffmanTable, src: Uint8Array, start: number, end: number, dst: Uint8Array, at: number, count: number): void {
  const { maxBits, entries } = table;
  const mask = (1 << maxBits) - 1;
  let left = new BackwardBits(src, start, end).left;
  const stop = at + count;
  for (let d = at; d < stop; d++) {
    const p = left - maxBits;
    let peek: number;
    if (p >= 0) {
      const i = start + (p >>> 3);
      peek = ((src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16)) >>> (p & 7)) & mask;
    } else {
      // Fewer than maxBits bits remain: the code is in them, padded with zeros below.
      if (left <= 0) throw corrupt('Huffman stream runs out');
      peek = ((src[start]! | (src[start + 1]! << 8)) << -p) & mask;
    }
    const e = entries[peek]!;
    dst[d] = e >>> 4;
    left -= e & 15;
  }
  if (left !== 0) throw corrupt('Huffman stream does not end where its literals do');
}
