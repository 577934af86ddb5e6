import { computeBatchCrc } from '../../../src/protocol/records/batch-header.js';
import { Writer } from '../../../src/protocol/writer.js';
import type { Random } from './random.js';
import { waitField, type Span } from './valid-request.js';

/** A body and the spans that still describe it (a splice shifts what follows). */
export interface Mutable {
  body: Buffer;
  spans: Span[];
}

export type Mutation = (m: Mutable, r: Random) => string;

const BOUNDARIES: Record<1 | 2 | 4 | 8, readonly number[]> = {
  1: [0, 1, -1, 127, -128, 2],
  2: [0, 1, -1, 32767, -32768, 2, 1000],
  4: [0, 1, -1, 2147483647, -2147483648, 2147483646, 65536],
  8: [0, 1, -1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, -(2 ** 62)],
};

function spansOf(m: Mutable, kinds: readonly Span['kind'][]): Span[] {
  return m.spans.filter((s) => kinds.includes(s.kind));
}

function writeFixed(buf: Buffer, at: number, width: 1 | 2 | 4 | 8, v: number): void {
  if (width === 1) buf.writeInt8(v, at);
  else if (width === 2) buf.writeInt16BE(v, at);
  else if (width === 4) buf.writeInt32BE(v, at);
  else {
    const big = BigInt.asIntN(64, BigInt(v));
    buf.writeBigInt64BE(big, at);
  }
}

/** Replaces bytes [start, end) with `bytes`, shifting the spans after it. */
function splice(m: Mutable, start: number, end: number, bytes: Buffer): void {
  const delta = bytes.length - (end - start);
  m.body = Buffer.concat([m.body.subarray(0, start), bytes, m.body.subarray(end)]);
  for (const s of m.spans) {
    if (s.start >= end) {
      s.start += delta;
      s.end += delta;
    } else if (s.end > start) s.end = Math.max(s.start, s.end + delta);
  }
}

function uvarint(n: number): Buffer {
  return new Writer(8).uvarint(n).toBuffer();
}

/** Unsigned varints a lying sender might give: null, empty, huge, and one longer than 5 bytes. */
function varintBoundary(r: Random): Buffer {
  const pick = r.int(0, 5);
  if (pick === 5) return Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
  return uvarint([0, 1, 2, 0x7fffffff, 0xffffffff][pick]!);
}

/** An integer field at a boundary of its width (the wait fields only get short times, see waitField). */
const intBoundary: Mutation = (m, r) => {
  const s = spansOf(m, ['int']).filter((x) => x.width !== 'varint');
  if (s.length === 0) return bitFlips(m, r);
  const span = r.pick(s);
  const width = span.width as 1 | 2 | 4 | 8;
  const v = waitField(span.field) ? r.pick([-1, 0, 1, 500]) : r.pick(BOUNDARIES[width]);
  writeFixed(m.body, span.start, width, v);
  return `int ${span.field}=${v}`;
};

/** A string, bytes or array length (or count) that lies: null where not nullable, negative, too long, huge. */
const lengthLie: Mutation = (m, r) => {
  const s = spansOf(m, ['length', 'count']);
  if (s.length === 0) return bitFlips(m, r);
  const span = r.pick(s);
  if (span.width === 'varint') {
    const v = varintBoundary(r);
    splice(m, span.start, span.end, v);
    return `${span.kind} ${span.field}=varint(${v.toString('hex')})`;
  }
  const width = span.width as 1 | 2 | 4 | 8;
  const current = width === 2 ? m.body.readInt16BE(span.start) : m.body.readInt32BE(span.start);
  const max = width === 2 ? 32767 : 2147483647;
  const v = r.pick([-1, -2, 0, current + 1, current - 1, max, width === 2 ? -32768 : -2147483648]);
  writeFixed(m.body, span.start, width, Math.max(-max - 1, Math.min(max, v)));
  return `${span.kind} ${span.field}=${v}`;
};

const BAD_UTF8 = [Buffer.from([0xff]), Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from([0x00]), Buffer.from('../../etc')];

/** Bad UTF-8 (or a NUL, or a path) inside a string's bytes, its length kept. */
const badText: Mutation = (m, r) => {
  const s = spansOf(m, ['utf8']).filter((x) => x.end > x.start);
  if (s.length === 0) return lengthLie(m, r);
  const span = r.pick(s);
  const bad = r.pick(BAD_UTF8);
  const at = r.int(span.start, span.end - 1);
  bad.copy(m.body, at, 0, Math.min(bad.length, span.end - at));
  return `text ${span.field}@${at - span.start}=${bad.toString('hex')}`;
};

/** Extra tagged fields: unknown tags, known tags with garbage, sizes that lie, a huge count. */
const extraTags: Mutation = (m, r) => {
  const s = spansOf(m, ['tags']);
  if (s.length === 0) return intBoundary(m, r);
  const span = r.pick(s);
  const current = m.body.readUInt8(span.start);
  const w = new Writer(64);
  const kind = r.int(0, 3);
  if (kind === 0) {
    w.raw(varintBoundary(r));
  } else {
    const n = r.int(1, 3);
    w.uvarint(current + n);
    for (let i = 0; i < n; i++) {
      const data = r.bytes(r.int(0, 12));
      w.uvarint(r.pick([0, 1, 2, 3, 100, 0x7fffffff]));
      w.uvarint(kind === 2 ? data.length + r.int(1, 1000) : data.length);
      w.raw(data);
    }
  }
  // The old count is replaced; the existing tagged fields (if any) follow the new ones, out of order on purpose.
  splice(m, span.start, span.start + 1, w.toBuffer());
  return `tags ${kind === 0 ? 'count' : kind === 2 ? 'lying sizes' : 'extra fields'}`;
};

/** The request cut short at a random point. */
const truncate: Mutation = (m, r) => {
  const at = r.int(0, Math.max(0, m.body.length - 1));
  m.body = m.body.subarray(0, at);
  m.spans = m.spans.filter((s) => s.end <= at);
  return `truncated at ${at}`;
};

/** A few random bit flips. */
const bitFlips: Mutation = (m, r) => {
  if (m.body.length === 0) return 'empty';
  const n = r.int(1, 8);
  for (let i = 0; i < n; i++) m.body[r.int(0, m.body.length - 1)]! ^= 1 << r.int(0, 7);
  return `${n} bit flips`;
};

/** Garbage after the end of the body. */
const trailing: Mutation = (m, r) => {
  m.body = Buffer.concat([m.body, r.bytes(r.int(1, 64))]);
  return 'trailing garbage';
};

/** Changes inside a record batch with its CRC recomputed, so the broker reads past the checksum into the records. */
const deepRecords: Mutation = (m, r) => {
  const s = spansOf(m, ['records']).filter((x) => x.end - x.start > 61);
  if (s.length === 0) return lengthLie(m, r);
  const span = r.pick(s);
  const batch = m.body.subarray(span.start, span.end);
  const n = r.int(1, 4);
  for (let i = 0; i < n; i++) {
    if (r.chance(0.5)) batch[r.int(21, batch.length - 1)]! ^= 1 << r.int(0, 7);
    else {
      // Header fields after the CRC: attributes, lastOffsetDelta, timestamps, producer, sequence, record count.
      const at = r.pick([21, 23, 27, 35, 43, 51, 53, 57]);
      const width = at === 21 || at === 51 ? 2 : at === 27 || at === 35 || at === 43 ? 8 : 4;
      writeFixed(batch, at, width, r.pick(BOUNDARIES[width]));
    }
  }
  // The batch's length field (offset 8) may be left lying too.
  if (r.chance(0.2)) batch.writeInt32BE(r.pick([0, -1, batch.length, 2147483647]), 8);
  batch.writeUInt32BE(computeBatchCrc(batch), 17);
  return `records: ${n} changes, CRC fixed`;
};

// Weighted towards mutations a decoder accepts, so most inputs reach a handler; the ones that break framing close the connection.
export const MUTATIONS: readonly { name: string; weight: number; apply: Mutation }[] = [
  { name: 'int', weight: 6, apply: intBoundary },
  { name: 'text', weight: 3, apply: badText },
  { name: 'records', weight: 3, apply: deepRecords },
  { name: 'tags', weight: 2, apply: extraTags },
  { name: 'length', weight: 3, apply: lengthLie },
  { name: 'truncate', weight: 1, apply: truncate },
  { name: 'bits', weight: 2, apply: bitFlips },
  { name: 'trailing', weight: 1, apply: trailing },
];

const TOTAL = MUTATIONS.reduce((a, m) => a + m.weight, 0);

export function pickMutation(r: Random): Mutation {
  let x = r.next() * TOTAL;
  for (const m of MUTATIONS) {
    x -= m.weight;
    if (x < 0) return m.apply;
  }
  return MUTATIONS[0]!.apply;
}
