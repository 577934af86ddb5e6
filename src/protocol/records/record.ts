import { MalformedInputError, Reader } from '../reader.js';
import type { Writer } from '../writer.js';
import { CorruptBatchError } from './errors.js';
import { varintSize, varlongSize } from './record-varints.js';

/**
 * One v2 record (Kafka's DefaultRecord):
 *   length varint, attributes int8, timestampDelta varlong, offsetDelta varint,
 *   key and value as varint length (-1 = null) + bytes,
 *   header count varint, then per header: key as varint length + UTF-8, value like key/value above.
 */

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface RecordInput {
  key: Buffer | null;
  value: Buffer | null;
  headers?: readonly RecordHeader[];
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** Defaults to the record's index in the batch; a compacted batch has gaps. */
  offsetDelta?: number;
}

/** A decoded record. key, value and header values are views into the batch (or its decompressed payload), not copies. */
export interface KafkaRecord {
  offset: number;
  offsetDelta: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: readonly RecordHeader[];
}

// Shared so that the common header-less record costs no array.
const NO_HEADERS: readonly RecordHeader[] = Object.freeze([]);

function bytesSize(b: Buffer | null): number {
  return b === null ? 1 : varintSize(b.length) + b.length;
}

function writeBytes(w: Writer, b: Buffer | null): void {
  if (b === null) w.varint(-1);
  else w.varint(b.length).raw(b);
}

export function encodeRecord(w: Writer, rec: RecordInput, offsetDelta: number, timestampDelta: number): void {
  const headers = rec.headers ?? NO_HEADERS;
  let size =
    1 + varlongSize(timestampDelta) + varintSize(offsetDelta) + bytesSize(rec.key) + bytesSize(rec.value) + varintSize(headers.length);
  for (const h of headers) {
    const keyLength = Buffer.byteLength(h.key);
    size += varintSize(keyLength) + keyLength + bytesSize(h.value);
  }
  w.varint(size).int8(0);
  w.varlong(timestampDelta);
  w.varint(offsetDelta);
  writeBytes(w, rec.key);
  writeBytes(w, rec.value);
  w.varint(headers.length);
  for (const h of headers) {
    writeBytes(w, Buffer.from(h.key, 'utf8'));
    writeBytes(w, h.value);
  }
}

function readBytes(r: Reader): Buffer | null {
  const n = r.varint();
  return n < 0 ? null : r.view(n);
}

function readHeaders(r: Reader, count: number): RecordHeader[] {
  if (count < 0 || count > r.remaining) throw new MalformedInputError(`header count ${count} with ${r.remaining} bytes left`);
  const headers: RecordHeader[] = [];
  for (let i = 0; i < count; i++) {
    const n = r.varint();
    if (n < 0 || n > r.remaining) throw new MalformedInputError(`header key length ${n} with ${r.remaining} bytes left`);
    const key = r.buf.toString('utf8', r.pos, r.pos + n);
    r.pos += n;
    headers.push({ key, value: readBytes(r) });
  }
  return headers;
}

/**
 * Where one record's fields lie in its batch's (decompressed) data. A walk
 * over a batch reuses one span for every record, so it allocates nothing per
 * record; a length of -1 means null.
 */
export interface RecordSpan {
  offset: number;
  offsetDelta: number;
  timestamp: number;
  keyAt: number;
  keyLength: number;
  valueAt: number;
  valueLength: number;
  /** The length the record declares, and where that makes it end. */
  length: number;
  end: number;
}

export function emptySpan(): RecordSpan {
  return { offset: 0, offsetDelta: 0, timestamp: 0, keyAt: 0, keyLength: -1, valueAt: 0, valueLength: -1, length: 0, end: 0 };
}

function skip(r: Reader, n: number): void {
  if (n > r.remaining) throw new MalformedInputError(`wanted ${n} bytes at ${r.pos}, only ${r.remaining} left`);
  if (n > 0) r.pos += n;
}

/** Reads one record up to its header count into `span`. */
function readSpan(r: Reader, baseOffset: number, baseTimestamp: number, span: RecordSpan): void {
  span.length = r.varint();
  span.end = r.pos + span.length;
  r.int8(); // record attributes: Kafka defines none yet
  span.timestamp = baseTimestamp + r.varlong();
  span.offsetDelta = r.varint();
  span.offset = baseOffset + span.offsetDelta;
  span.keyLength = r.varint();
  span.keyAt = r.pos;
  skip(r, span.keyLength);
  span.valueLength = r.varint();
  span.valueAt = r.pos;
  skip(r, span.valueLength);
}

function checkEnd(r: Reader, span: RecordSpan): void {
  if (r.pos !== span.end) throw new MalformedInputError(`record declares ${span.length} bytes but its fields take ${span.length + r.pos - span.end}`);
}

function decodeRecord(r: Reader, baseOffset: number, baseTimestamp: number, span: RecordSpan): KafkaRecord {
  readSpan(r, baseOffset, baseTimestamp, span);
  const key = span.keyLength < 0 ? null : r.buf.subarray(span.keyAt, span.keyAt + span.keyLength);
  const value = span.valueLength < 0 ? null : r.buf.subarray(span.valueAt, span.valueAt + span.valueLength);
  const headerCount = r.varint();
  const headers = headerCount === 0 ? NO_HEADERS : readHeaders(r, headerCount);
  checkEnd(r, span);
  return { offset: span.offset, offsetDelta: span.offsetDelta, timestamp: span.timestamp, key, value, headers };
}

function badRecords(err: unknown, index: number, count: number): never {
  if (!(err instanceof MalformedInputError)) throw err;
  throw new CorruptBatchError('bad-records', `record ${index} of ${count}: ${err.message}`, { cause: err });
}

function checkAllRead(r: Reader, count: number): void {
  if (r.remaining !== 0) throw new CorruptBatchError('bad-records', `${r.remaining} bytes follow the last of ${count} records`);
}

/**
 * Walks exactly `count` records filling all of `data`, filling `span` for
 * each and calling `visit`, which returns false to stop early (the records
 * after it are then not read). Headers are checked and skipped.
 */
export function walkRecords(data: Buffer, count: number, baseOffset: number, baseTimestamp: number, span: RecordSpan, visit: (span: RecordSpan) => boolean): void {
  const r = new Reader(data);
  let i = 0;
  try {
    for (; i < count; i++) {
      readSpan(r, baseOffset, baseTimestamp, span);
      const headerCount = r.varint();
      if (headerCount !== 0) readHeaders(r, headerCount);
      checkEnd(r, span);
      if (!visit(span)) return;
    }
  } catch (err) {
    badRecords(err, i, count);
  }
  checkAllRead(r, count);
}

/** Decodes exactly `count` records filling all of `data`. */
export function decodeRecords(data: Buffer, count: number, baseOffset: number, baseTimestamp: number): KafkaRecord[] {
  const r = new Reader(data);
  const span = emptySpan();
  const records: KafkaRecord[] = [];
  try {
    for (let i = 0; i < count; i++) records.push(decodeRecord(r, baseOffset, baseTimestamp, span));
  } catch (err) {
    badRecords(err, records.length, count);
  }
  checkAllRead(r, count);
  return records;
}
