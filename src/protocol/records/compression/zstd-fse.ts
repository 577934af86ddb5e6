import { corrupt, peekForward } from './zstd-bits.js';

/**
 * An FSE decoding table (RFC 8878 §4.1): for each state, the symbol it
 * emits, and how the next state is found: `base` plus `bits` more bits.
 */
export interface FseTable {
  readonly log: number;
  readonly symbol: Uint8Array;
  readonly bits: Uint8Array;
  readonly base: Uint16Array;
}

/** Builds the table for normalized counts, where -1 is a "less than one" probability. */
export function buildFseTable(counts: ArrayLike<number>, symbols: number, log: number): FseTable {
  const size = 1 << log;
  const symbol = new Uint8Array(size);
  const bits = new Uint8Array(size);
  const base = new Uint16Array(size);
  const next = new Uint16Array(symbols);
  let high = size - 1;
  for (let s = 0; s < symbols; s++) {
    if (counts[s] === -1) {
      symbol[high--] = s;
      next[s] = 1;
    } else {
      next[s] = counts[s]!;
    }
  }
  const step = (size >>> 1) + (size >>> 3) + 3;
  const mask = size - 1;
  let p = 0;
  for (let s = 0; s < symbols; s++) {
    for (let i = 0; i < counts[s]!; i++) {
      symbol[p] = s;
      do p = (p + step) & mask;
      while (p > high);
    }
  }
  // Counts that sum to the table size always bring the spread back to 0.
  if (p !== 0) throw corrupt('FSE counts do not fill the table');
  for (let u = 0; u < size; u++) {
    const n = next[symbol[u]!]++;
    const nb = log - (31 - Math.clz32(n));
    bits[u] = nb;
    base[u] = (n << nb) - size;
  }
  return { log, symbol, bits, base };
}

/** A table of one state that always emits `symbol` and reads no bits: the RLE mode. */
export function rleFseTable(symbol: number): FseTable {
  return { log: 0, symbol: Uint8Array.of(symbol), bits: new Uint8Array(1), base: new Uint16Array(1) };
}

/**
 * Reads an FSE table description (RFC 8878 §4.1.1) at src[pos, end) and
 * builds its table. Returns the table and where the description ends.
 */
export function readFseTable(src: Uint8Array, pos: number, end: number, maxSymbol: number, maxLog: number): { table: FseTable; end: number } {
  const available = (end - pos) * 8;
  if (available < 4) throw corrupt('FSE table description cut short');
  const log = (src[pos]! & 15) + 5;
  if (log > maxLog) throw corrupt(`FSE accuracy log ${log} exceeds ${maxLog}`);
  const counts = new Int16Array(maxSymbol + 1);
  let bit = 4;
  let remaining = (1 << log) + 1;
  let threshold = 1 << log;
  let nbBits = log + 1;
  let s = 0;
  let previousZero = false;
  while (remaining > 1 && s <= maxSymbol) {
    if (previousZero) {
      // A zero count is followed by 2-bit repeat flags: how many more symbols have count zero, 3 meaning "3 and go on".
      let n = s;
      let flag: number;
      do {
        if (bit + 2 > available) throw corrupt('FSE table description cut short');
        flag = peekForward(src, pos, bit, 2);
        bit += 2;
        n += flag;
      } while (flag === 3);
      if (n > maxSymbol) throw corrupt('FSE zero run passes the last symbol');
      s = n;
    }
    const max = 2 * threshold - 1 - remaining;
    let count: number;
    const low = peekForward(src, pos, bit, nbBits - 1);
    if (low < max) {
      count = low;
      bit += nbBits - 1;
    } else {
      count = peekForward(src, pos, bit, nbBits);
      if (count >= threshold) count -= max;
      bit += nbBits;
    }
    if (bit > available) throw corrupt('FSE table description cut short');
    count--;
    remaining -= count < 0 ? -count : count;
    if (remaining < 1) throw corrupt('FSE counts overflow the table');
    counts[s++] = count;
    previousZero = count === 0;
    while (remaining < threshold) {
      nbBits--;
      threshold >>>= 1;
    }
  }
  if (remaining !== 1) throw corrupt('FSE counts do not add up to the table size');
  return { table: buildFseTable(counts, s, log), end: pos + ((bit + 7) >>> 3) };
}
