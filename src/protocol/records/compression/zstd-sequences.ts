import { BackwardBits, corrupt } from './zstd-bits.js';
import { buildFseTable, readFseTable, rleFseTable, type FseTable } from './zstd-fse.js';
import type { Literals } from './zstd-literals.js';

// RFC 8878 §3.1.1.3.2.1: what each literal-length and match-length code stands for.
const LL_BASE = Int32Array.from([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536,
]);
const LL_BITS = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
const ML_BASE = Int32Array.from([
  ...Array.from({ length: 32 }, (_, i) => i + 3),
  35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051, 4099, 8195, 16387, 32771, 65539,
]);
const ML_BITS = Uint8Array.from([...new Array<number>(32).fill(0), 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);

// RFC 8878 §3.1.1.3.2.2: the predefined distributions.
const LL_DEFAULT = buildFseTable(
  [4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1],
  36,
  6,
);
const ML_DEFAULT = buildFseTable(
  [1, 4, 3, 2, 2, 2, 2, 2, 2, ...new Array<number>(37).fill(1), -1, -1, -1, -1, -1, -1, -1],
  53,
  6,
);
const OF_DEFAULT = buildFseTable([1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1], 29, 5);

const LL_MAX = 35;
const ML_MAX = 52;
const OF_MAX = 31;

const PREDEFINED = 0;
const RLE = 1;
const FSE = 2;

/** Sequence state that outlives one block: tables for the repeat mode, and the repeat offsets. */
export interface SequencesContext {
  ll: FseTable | null;
  of: FseTable | null;
  ml: FseTable | null;
  readonly rep: [number, number, number];
}

/** Where output may go: `limit` is the first index it must not reach, `windowStart` how far back matches may look. */
export interface OutputWindow {
  readonly dst: Uint8Array;
  readonly windowStart: number;
  readonly limit: number;
  /** Says what `limit` is, for the error when a block would pass it. */
  readonly limitName: string;
}

function pickTable(src: Uint8Array, at: { pos: number }, end: number, mode: number, predefined: FseTable, previous: FseTable | null, maxSymbol: number, maxLog: number, what: string): FseTable {
  switch (mode) {
    case PREDEFINED:
      return predefined;
    case RLE: {
      if (at.pos >= end) throw corrupt(`${what} RLE symbol missing`);
      const symbol = src[at.pos++]!;
      if (symbol > maxSymbol) throw corrupt(`${what} code ${symbol} exceeds ${maxSymbol}`);
      return rleFseTable(symbol);
    }
    case FSE: {
      const read = readFseTable(src, at.pos, end, maxSymbol, maxLog);
      at.pos = read.end;
      return read.table;
    }
    default:
      if (!previous) throw corrupt(`${what} repeats a table the frame has not had`);
      return previous;
  }
}

function copy(from: Uint8Array, start: number, length: number, dst: Uint8Array, at: number): void {
  // Typed-array copies cost a native call, which short runs do not pay back.
  if (length < 32) for (let i = 0; i < length; i++) dst[at + i] = from[start + i]!;
  else dst.set(from.subarray(start, start + length), at);
}

/**
 * Reads the sequences section (RFC 8878 §3.1.1.3.2) at src[pos, end), the
 * rest of the block, and executes it with the block's literals into
 * out.dst from `at`. Returns where the output ends.
 */
export function executeSequences(src: Uint8Array, pos: number, end: number, lit: Literals, ctx: SequencesContext, out: OutputWindow, at: number): number {
  const { dst, windowStart, limit } = out;
  const overrun = (): Error => corrupt(`block decodes past ${out.limitName}`);
  if (pos >= end) throw corrupt('sequences section missing');
  let count = src[pos++]!;
  if (count >= 128) {
    const extra = count === 255 ? 2 : 1;
    if (pos + extra > end) throw corrupt('sequence count cut short');
    count = count === 255 ? src[pos]! + (src[pos + 1]! << 8) + 0x7f00 : ((count - 128) << 8) + src[pos]!;
    pos += extra;
  }
  let d = at;
  let litPos = lit.start;
  if (count > 0) {
    if (pos >= end) throw corrupt('sequence compression modes missing');
    const modes = src[pos++]!;
    if (modes & 3) throw corrupt('reserved bits of the sequence compression modes are set');
    const cursor = { pos };
    const llTable = (ctx.ll = pickTable(src, cursor, end, modes >>> 6, LL_DEFAULT, ctx.ll, LL_MAX, 9, 'literal length'));
    const ofTable = (ctx.of = pickTable(src, cursor, end, (modes >>> 4) & 3, OF_DEFAULT, ctx.of, OF_MAX, 8, 'offset'));
    const mlTable = (ctx.ml = pickTable(src, cursor, end, (modes >>> 2) & 3, ML_DEFAULT, ctx.ml, ML_MAX, 9, 'match length'));
    const { symbol: llSym, bits: llBits, base: llBase } = llTable;
    const { symbol: ofSym, bits: ofBits, base: ofBase } = ofTable;
    const { symbol: mlSym, bits: mlBits, base: mlBase } = mlTable;

    const bits = new BackwardBits(src, cursor.pos, end);
    let llState = bits.read(llTable.log);
    let ofState = bits.read(ofTable.log);
    let mlState = bits.read(mlTable.log);
    let [r1, r2, r3] = ctx.rep;
    const litBuf = lit.buf;
    for (let i = 0; ; i++) {
      const ofCode = ofSym[ofState]!;
      const mlCode = mlSym[mlState]!;
      const llCode = llSym[llState]!;
      let offset = ((1 << ofCode) >>> 0) + bits.readLong(ofCode);
      const ml = ML_BASE[mlCode]! + bits.read(ML_BITS[mlCode]!);
      const ll = LL_BASE[llCode]! + bits.read(LL_BITS[llCode]!);
      if (offset > 3) {
        r3 = r2;
        r2 = r1;
        r1 = offset -= 3;
      } else {
        // Offset values 1-3 name a recent offset, shifted by one when the sequence has no literals.
        const which = ll === 0 ? offset : offset - 1;
        if (which > 0) {
          offset = which === 1 ? r2 : which === 2 ? r3 : r1 - 1;
          if (which > 1) r3 = r2;
          r2 = r1;
          r1 = offset;
        } else {
          offset = r1;
        }
      }

      if (litPos + ll > lit.end) throw corrupt('sequences use more literals than the block has');
      if (d + ll + ml > limit) throw overrun();
      copy(litBuf, litPos, ll, dst, d);
      litPos += ll;
      d += ll;
      if (offset === 0 || offset > d - windowStart) throw corrupt(`match offset ${offset} reaches before the frame's start`);
      const from = d - offset;
      if (offset >= ml) {
        copy(dst, from, ml, dst, d);
      } else {
        // An overlapping match repeats its last `offset` bytes, which only a forward byte loop does.
        for (let j = 0; j < ml; j++) dst[d + j] = dst[from + j]!;
      }
      d += ml;

      if (i + 1 === count) break;
      llState = llBase[llState]! + bits.read(llBits[llState]!);
      mlState = mlBase[mlState]! + bits.read(mlBits[mlState]!);
      ofState = ofBase[ofState]! + bits.read(ofBits[ofState]!);
    }
    if (bits.left !== 0) throw corrupt('sequence bitstream does not end with its last sequence');
    ctx.rep[0] = r1;
    ctx.rep[1] = r2;
    ctx.rep[2] = r3;
  } else if (pos !== end) {
    throw corrupt('bytes follow a sequences section with no sequences');
  }
  const rest = lit.end - litPos;
  if (d + rest > limit) throw overrun();
  copy(lit.buf, litPos, rest, dst, d);
  return d + rest;
}
