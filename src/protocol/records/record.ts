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

function decodeRecord(r: Reader, baseOffset: number, baseTimestamp: number): KafkaRecord {
  const length = r.varint();
  const end = r.pos + length;
  r.int8(); // record attributes: Kafka defines none yet
  const timestamp = baseTimestamp + r.varlong();
  const offsetDelta = r.varint();
  const key = readBytes(r);
  const value = readBytes(r);
  const headerCount = r.varint();
  const headers = headerCount === 0 ? NO_HEADERS : readHeaders(r, headerCount);
  if (r.pos !== end) throw new MalformedInputError(`record declares ${length} bytes but its fields take ${length + r.pos - end}`);
  return { offset: baseOffset + offsetDelta, offsetDelta, timestamp, key, value, headers };
}

/** Decodes exactly `count` records filling all of `data`. */
export function decodeRecords(data: Buffer, count: number, baseOffset: number, baseTimestamp: number): KafkaRecord[] {
  const r = new Reader(data);
  const records: KafkaRecord[] = [];
  try {
    for (let i = 0; i < count; i++) records.push(decodeRecord(r, baseOffset, baseTimestamp));
  } catch (err) {
    if (!(err instanceof MalformedInputError)) throw err;
    throw new CorruptBatchError('bad-records', `record ${records.length} of ${count}: ${err.message}`, { cause: err });
  }
  if (r.remaining !== 0) throw new CorruptBatchError('bad-records', `${r.remaining} bytes follow the last of ${count} records`);
  return records;
}
