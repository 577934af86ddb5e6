import { type CodecSet, CompressionType, defaultCodecs } from './compression/index.js';
import { CorruptCompressedDataError, UnsupportedCompressionError } from './compression/errors.js';
import { crc32, crc32Copy, crc32Final, crc32Update, CRC32_START } from './crc32.js';
import { compressLegacy, decompressLegacy, type LegacyMagic } from './legacy-compression.js';
import { TimestampType } from './record-batch.js';

/**
 * Kafka's message formats before v2 record batches (magic 0 and 1), laid end
 * to end in a MessageSet:
 *   offset int64, messageSize int32, then the message:
 *   crc uint32 (CRC-32 of everything after it), magic int8, attributes int8
 *   (bits 0-2 codec, bit 3 LogAppendTime in magic 1), timestamp int64 (magic 1 only),
 *   key bytes, value bytes (int32 length, -1 = null).
 * A compressed message ("wrapper") holds a whole inner message set in its
 * value. Inner offsets are absolute under magic 0; under magic 1 they are
 * relative, and the wrapper carries the absolute offset of the last inner message.
 */
export const LOG_OVERHEAD = 12;
const CRC_SIZE = 4;
const V0_HEADER = CRC_SIZE + 1 + 1 + 4 + 4;
const V1_HEADER = V0_HEADER + 8;
const CODEC_MASK = 0x07;
const LOG_APPEND_TIME = 0x08;
export const NO_TIMESTAMP = -1;

export type MessageSetProblemKind = 'bad-size' | 'bad-crc' | 'bad-magic' | 'truncated' | 'nested-compression' | 'bad-compressed';

/** A message set that cannot be read; `kind` says which check failed. */
export class CorruptMessageSetError extends Error {
  override readonly name = 'CorruptMessageSetError';

  constructor(
    readonly kind: MessageSetProblemKind,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${detail}; the magic 0/1 message set is damaged: resend it, and if it stays bad, check the client that wrote it`, options);
  }
}

/** One message as a client sent or reads it, inner messages of a wrapper flattened out. */
export interface LegacyMessage {
  /** Absolute, except inside a magic 0 wrapper a producer sent (producers write 0..n-1 there). */
  offset: number;
  magic: LegacyMagic;
  /** The codec of the wrapper this message came in, None when it stood alone. */
  compression: CompressionType;
  timestampType: TimestampType;
  /** NO_TIMESTAMP (-1) under magic 0. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

export interface MessageInput {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

export interface MessageSetInput {
  magic: LegacyMagic;
  compression?: CompressionType;
  timestampType?: TimestampType;
  messages: readonly MessageInput[];
}

/** The size field of a message whose key and value have these lengths (-1 for null). */
export function messageSize(magic: LegacyMagic, keyLength: number, valueLength: number): number {
  return (magic === 0 ? V0_HEADER : V1_HEADER) + Math.max(keyLength, 0) + Math.max(valueLength, 0);
}

/**
 * A big-endian int32 stored byte by byte; returns where it ends. Buffer's
 * writeInt32BE range-checks every call, which shows in the per-message cost
 * of converting a million records; every value here is an int32 by construction.
 */
function putInt32(buf: Buffer, at: number, v: number): number {
  buf[at] = v >>> 24;
  buf[at + 1] = v >>> 16;
  buf[at + 2] = v >>> 8;
  buf[at + 3] = v;
  return at + 4;
}

function writeInt64(buf: Buffer, at: number, v: number): void {
  putInt32(buf, at, Math.floor(v / 4294967296));
  putInt32(buf, at + 4, v >>> 0);
}

/**
 * Writes one message (with its offset and size) at `at`, its key and value
 * copied from where they lie (a length of -1 or a null source is null);
 * returns where it ends. The down-conversion writes straight from stored
 * batches with it, so the copy and the CRC are one pass over each.
 */
export function writeMessageFrom(
  buf: Buffer,
  at: number,
  magic: LegacyMagic,
  attributes: number,
  offset: number,
  timestamp: number,
  key: Buffer | null,
  keyAt: number,
  keyLength: number,
  value: Buffer | null,
  valueAt: number,
  valueLength: number,
): number {
  const keyBytes = key === null ? -1 : keyLength;
  const valueBytes = value === null ? -1 : valueLength;
  writeInt64(buf, at, offset);
  putInt32(buf, at + 8, messageSize(magic, keyBytes, valueBytes));
  const fields = at + LOG_OVERHEAD + CRC_SIZE;
  buf[fields] = magic;
  buf[fields + 1] = attributes;
  let pos = fields + 2;
  if (magic === 1) {
    writeInt64(buf, pos, timestamp);
    pos += 8;
  }
  pos = putInt32(buf, pos, Math.max(keyBytes, -1));
  let crc = crc32Update(CRC32_START, buf, fields, pos);
  if (keyBytes > 0) {
    crc = crc32Copy(crc, key!, keyAt, keyAt + keyBytes, buf, pos);
    pos += keyBytes;
  }
  const valueLengthAt = pos;
  pos = putInt32(buf, pos, Math.max(valueBytes, -1));
  crc = crc32Update(crc, buf, valueLengthAt, pos);
  if (valueBytes > 0) {
    crc = crc32Copy(crc, value!, valueAt, valueAt + valueBytes, buf, pos);
    pos += valueBytes;
  }
  putInt32(buf, at + LOG_OVERHEAD, crc32Final(crc));
  return pos;
}

function writeMessage(buf: Buffer, at: number, magic: LegacyMagic, attributes: number, m: MessageInput): number {
  return writeMessageFrom(buf, at, magic, attributes, m.offset, m.timestamp, m.key, 0, m.key?.length ?? -1, m.value, 0, m.value?.length ?? -1);
}

function writeMessages(magic: LegacyMagic, attributes: number, messages: readonly MessageInput[]): Buffer {
  const buf = Buffer.allocUnsafe(messages.reduce((n, m) => n + LOG_OVERHEAD + messageSize(magic, m.key?.length ?? -1, m.value?.length ?? -1), 0));
  let at = 0;
  for (const m of messages) at = writeMessage(buf, at, magic, attributes, m);
  return buf;
}

/** A message's attributes: its codec, and under magic 1 whether its timestamp is LogAppendTime. */
export function messageAttributes(magic: LegacyMagic, compression: CompressionType, timestampType: TimestampType): number {
  return compression | (magic === 1 && timestampType === TimestampType.LogAppendTime ? LOG_APPEND_TIME : 0);
}

/**
 * Encodes a message set. Uncompressed, each message keeps its own offset;
 * compressed, one wrapper holds them all, as Kafka's old producers send it.
 */
export function encodeMessageSet(input: MessageSetInput, codecs: CodecSet = defaultCodecs): Buffer {
  const { magic, messages } = input;
  const compression = input.compression ?? CompressionType.None;
  const tsType = messageAttributes(magic, CompressionType.None, input.timestampType ?? TimestampType.CreateTime);
  if (compression === CompressionType.None) return writeMessages(magic, tsType, messages);
  if (messages.length === 0) throw new CorruptMessageSetError('bad-size', 'a compressed message needs at least one inner message');
  const first = messages[0]!.offset;
  let maxTimestamp = NO_TIMESTAMP;
  for (const m of messages) if (m.timestamp > maxTimestamp) maxTimestamp = m.timestamp;
  const inner = magic === 1 ? messages.map((m) => ({ ...m, offset: m.offset - first })) : messages;
  const value = compressLegacy(compression, writeMessages(magic, 0, inner), magic, codecs);
  const last = messages[messages.length - 1]!.offset;
  return writeMessages(magic, compression | tsType, [{ offset: last, timestamp: maxTimestamp, key: null, value }]);
}

interface RawMessage {
  offset: number;
  magic: LegacyMagic;
  attributes: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

function readBytes(buf: Buffer, at: number, end: number, what: string): [Buffer | null, number] {
  if (at + 4 > end) throw new CorruptMessageSetError('bad-size', `${what} length runs past the message`);
  const n = buf.readInt32BE(at);
  if (n < 0) return [null, at + 4];
  if (at + 4 + n > end) throw new CorruptMessageSetError('bad-size', `${what} of ${n} bytes runs past the message`);
  return [buf.subarray(at + 4, at + 4 + n), at + 4 + n];
}

/** Reads the message at `at`, or returns null when fewer bytes remain than it declares. */
function readMessage(buf: Buffer, at: number): [RawMessage, number] | null {
  if (buf.length - at < LOG_OVERHEAD) return null;
  const offset = buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
  const size = buf.readInt32BE(at + 8);
  const start = at + LOG_OVERHEAD;
  if (size < V0_HEADER) throw new CorruptMessageSetError('bad-size', `message at byte ${at} declares ${size} bytes, below the ${V0_HEADER} of any message`);
  const end = start + size;
  if (end > buf.length) return null;
  const magic = buf.readInt8(start + CRC_SIZE);
  if (magic !== 0 && magic !== 1) throw new CorruptMessageSetError('bad-magic', `message at offset ${offset} has magic ${magic}, not 0 or 1`);
  if (magic === 1 && size < V1_HEADER) throw new CorruptMessageSetError('bad-size', `magic 1 message at offset ${offset} declares only ${size} bytes`);
  const stored = buf.readUInt32BE(start);
  const actual = crc32(buf, start + CRC_SIZE, end);
  if (stored !== actual) throw new CorruptMessageSetError('bad-crc', `message at offset ${offset} has CRC ${stored}, its bytes give ${actual}`);
  const attributes = buf.readInt8(start + CRC_SIZE + 1);
  let pos = start + CRC_SIZE + 2;
  let timestamp = NO_TIMESTAMP;
  if (magic === 1) {
    timestamp = buf.readInt32BE(pos) * 4294967296 + buf.readUInt32BE(pos + 4);
    pos += 8;
  }
  const [key, afterKey] = readBytes(buf, pos, end, 'key');
  const [value, afterValue] = readBytes(buf, afterKey, end, 'value');
  if (afterValue !== end) throw new CorruptMessageSetError('bad-size', `message at offset ${offset} has ${end - afterValue} bytes after its value`);
  return [{ offset, magic, attributes, timestamp, key, value }, end];
}

function innerMessages(wrapper: RawMessage, codecs: CodecSet): LegacyMessage[] {
  const compression: CompressionType = wrapper.attributes & CODEC_MASK;
  if (!wrapper.value) throw new CorruptMessageSetError('bad-compressed', `compressed message at offset ${wrapper.offset} has a null value`);
  let data: Buffer;
  try {
    data = decompressLegacy(compression, wrapper.value, wrapper.magic, codecs);
  } catch (err) {
    if (!(err instanceof CorruptCompressedDataError || err instanceof UnsupportedCompressionError)) throw err;
    throw new CorruptMessageSetError('bad-compressed', `compressed message at offset ${wrapper.offset}: ${err.message}`, { cause: err });
  }
  const raw: RawMessage[] = [];
  let at = 0;
  while (at < data.length) {
    const next = readMessage(data, at);
    if (!next) throw new CorruptMessageSetError('truncated', `the inner messages of offset ${wrapper.offset} end inside a message`);
    if ((next[0].attributes & CODEC_MASK) !== 0) {
      throw new CorruptMessageSetError('nested-compression', `compressed message at offset ${wrapper.offset} holds another compressed message`);
    }
    raw.push(next[0]);
    at = next[1];
  }
  const logAppend = wrapper.magic === 1 && (wrapper.attributes & LOG_APPEND_TIME) !== 0;
  const lastRelative = raw.length > 0 ? raw[raw.length - 1]!.offset : 0;
  return raw.map((m) => ({
    offset: wrapper.magic === 1 ? wrapper.offset - lastRelative + m.offset : m.offset,
    magic: m.magic,
    compression,
    timestampType: logAppend ? TimestampType.LogAppendTime : TimestampType.CreateTime,
    timestamp: logAppend ? wrapper.timestamp : m.timestamp,
    key: m.key,
    value: m.value,
  }));
}

export interface DecodeMessageSetOptions {
  /** A fetch response may end inside a message (the broker cut it at the byte limit); a produce request may not. */
  allowPartialTail?: boolean;
  codecs?: CodecSet;
}

/** Decodes a message set, checking every CRC and flattening compressed wrappers. */
export function decodeMessageSet(buf: Buffer, options: DecodeMessageSetOptions = {}): LegacyMessage[] {
  const codecs = options.codecs ?? defaultCodecs;
  const out: LegacyMessage[] = [];
  let at = 0;
  while (at < buf.length) {
    const next = readMessage(buf, at);
    if (!next) {
      if (options.allowPartialTail) break;
      throw new CorruptMessageSetError('truncated', `the message set ends inside the message at byte ${at} of ${buf.length}`);
    }
    const [m, end] = next;
    if ((m.attributes & CODEC_MASK) !== 0) {
      out.push(...innerMessages(m, codecs));
    } else {
      const logAppend = m.magic === 1 && (m.attributes & LOG_APPEND_TIME) !== 0;
      const timestampType = logAppend ? TimestampType.LogAppendTime : TimestampType.CreateTime;
      out.push({ offset: m.offset, magic: m.magic, compression: CompressionType.None, timestampType, timestamp: m.timestamp, key: m.key, value: m.value });
    }
    at = end;
  }
  return out;
}

/** The magic byte of the first message or batch in a record set: 0/1 for message sets, 2 for record batches. */
export function recordSetMagic(buf: Buffer): number | null {
  return buf.length > LOG_OVERHEAD + CRC_SIZE ? buf.readInt8(LOG_OVERHEAD + CRC_SIZE) : null;
}
