import { crc32c } from '@node-rs/crc32';
import { newHeaders, type FlumeEvent } from '../../event.js';

/**
 * The file channel's data log format. A log file starts with FILE_MAGIC and
 * holds records `[u32 payload length][u32 crc32c of payload][payload]`.
 * A PUT payload is `[u8 1][f64 first seq][u32 count]` then the events; a
 * TAKE payload is `[u8 2][u32 ranges]` then `[f64 first seq][u32 count]` per
 * range. An event is `[u16 headers]([u16 key len][key][u32 value len][value])*[u32 body len][body]`.
 */
export const FILE_MAGIC = Buffer.from('SDFCLOG1');
export const RECORD_HEADER = 8;
const PUT = 1;
const TAKE = 2;
const PUT_PREFIX = 1 + 8 + 4;

export interface EncodedPut {
  record: Buffer;
  /** Where each event's encoding starts, counted from the start of the record. */
  eventOffsets: number[];
  eventLengths: number[];
}

export interface SeqRange {
  first: number;
  count: number;
}

export function encodePut(firstSeq: number, events: readonly FlumeEvent[]): EncodedPut {
  const eventLengths = events.map(encodedEventLength);
  let total = RECORD_HEADER + PUT_PREFIX;
  for (const l of eventLengths) total += l;
  const buf = Buffer.allocUnsafe(total);
  let o = RECORD_HEADER;
  buf.writeUInt8(PUT, o);
  buf.writeDoubleBE(firstSeq, o + 1);
  buf.writeUInt32BE(events.length, o + 9);
  o += PUT_PREFIX;
  const eventOffsets: number[] = [];
  for (const e of events) {
    eventOffsets.push(o);
    o = writeEvent(buf, o, e);
  }
  seal(buf);
  return { record: buf, eventOffsets, eventLengths };
}

export function encodeTake(ranges: readonly SeqRange[]): Buffer {
  const buf = Buffer.allocUnsafe(RECORD_HEADER + 5 + ranges.length * 12);
  let o = RECORD_HEADER;
  buf.writeUInt8(TAKE, o);
  buf.writeUInt32BE(ranges.length, o + 1);
  o += 5;
  for (const r of ranges) {
    buf.writeDoubleBE(r.first, o);
    buf.writeUInt32BE(r.count, o + 8);
    o += 12;
  }
  seal(buf);
  return buf;
}

function seal(buf: Buffer): void {
  const payload = buf.subarray(RECORD_HEADER);
  buf.writeUInt32BE(payload.length, 0);
  buf.writeUInt32BE(crc32c(payload), 4);
}

function encodedEventLength(e: FlumeEvent): number {
  let n = 2 + 4 + e.body.length;
  for (const k in e.headers) n += 2 + Buffer.byteLength(k) + 4 + Buffer.byteLength(e.headers[k]!);
  return n;
}

function writeEvent(buf: Buffer, o: number, e: FlumeEvent): number {
  const countAt = o;
  let count = 0;
  o += 2;
  for (const k in e.headers) {
    const kl = buf.write(k, o + 2);
    buf.writeUInt16BE(kl, o);
    o += 2 + kl;
    const vl = buf.write(e.headers[k]!, o + 4);
    buf.writeUInt32BE(vl, o);
    o += 4 + vl;
    count++;
  }
  buf.writeUInt16BE(count, countAt);
  buf.writeUInt32BE(e.body.length, o);
  e.body.copy(buf, o + 4);
  return o + 4 + e.body.length;
}

export function decodeEvent(buf: Buffer, start = 0): FlumeEvent {
  let o = start;
  const n = buf.readUInt16BE(o);
  o += 2;
  const headers = newHeaders();
  for (let i = 0; i < n; i++) {
    const kl = buf.readUInt16BE(o);
    const key = buf.toString('utf8', o + 2, o + 2 + kl);
    o += 2 + kl;
    const vl = buf.readUInt32BE(o);
    headers[key] = buf.toString('utf8', o + 4, o + 4 + vl);
    o += 4 + vl;
  }
  const bl = buf.readUInt32BE(o);
  return { headers, body: buf.subarray(o + 4, o + 4 + bl) };
}

export type DecodedRecord =
  /** Event offsets count from the start of the record, as in EncodedPut. */
  | { type: 'put'; firstSeq: number; count: number; events: Array<{ offset: number; length: number }> }
  | { type: 'take'; ranges: SeqRange[] };

/**
 * Decodes the record at `o` in `buf`, or returns undefined when the bytes
 * there are incomplete or fail their checksum: the torn tail of a write that
 * was never acknowledged.
 */
export function decodeRecord(buf: Buffer, o: number): { record: DecodedRecord; size: number } | undefined {
  if (o + RECORD_HEADER > buf.length) return undefined;
  const len = buf.readUInt32BE(o);
  if (len < 1 || o + RECORD_HEADER + len > buf.length) return undefined;
  const payload = buf.subarray(o + RECORD_HEADER, o + RECORD_HEADER + len);
  if (crc32c(payload) !== buf.readUInt32BE(o + 4)) return undefined;
  const size = RECORD_HEADER + len;
  const type = payload[0];
  if (type === PUT) {
    const firstSeq = payload.readDoubleBE(1);
    const count = payload.readUInt32BE(9);
    const events: Array<{ offset: number; length: number }> = [];
    let p = PUT_PREFIX;
    for (let i = 0; i < count; i++) {
      const start = p;
      const n = payload.readUInt16BE(p);
      p += 2;
      for (let h = 0; h < n; h++) {
        p += 2 + payload.readUInt16BE(p);
        p += 4 + payload.readUInt32BE(p);
      }
      p += 4 + payload.readUInt32BE(p);
      events.push({ offset: RECORD_HEADER + start, length: p - start });
    }
    return { record: { type: 'put', firstSeq, count, events }, size };
  }
  if (type === TAKE) {
    const n = payload.readUInt32BE(1);
    const ranges: SeqRange[] = [];
    for (let i = 0, p = 5; i < n; i++, p += 12) ranges.push({ first: payload.readDoubleBE(p), count: payload.readUInt32BE(p + 8) });
    return { record: { type: 'take', ranges }, size };
  }
  return undefined;
}

/** Splits sorted sequence numbers into runs of consecutive ones. */
export function toRanges(seqs: readonly number[]): SeqRange[] {
  const ranges: SeqRange[] = [];
  for (const s of seqs) {
    const last = ranges[ranges.length - 1];
    if (last && last.first + last.count === s) last.count++;
    else ranges.push({ first: s, count: 1 });
  }
  return ranges;
}
