import { CorruptCompressedDataError } from './compression/errors.js';
import { xxhash32 } from './compression/xxhash32.js';

/**
 * Kafka before 0.10 (message format magic 0) computed the LZ4 frame's header
 * checksum over the frame magic too, and could not read the content-size
 * field (KIP-57). Magic 1 uses the standard checksum. These two helpers turn
 * a standard frame into the old form and back, so the ordinary LZ4 codecs
 * serve both.
 */
const FLG = 4;
const BD = 5;
const FLG_CONTENT_SIZE = 0x08;
const FLG_DICT_ID = 0x01;
const CONTENT_SIZE_BYTES = 8;
const DICT_ID_BYTES = 4;

function checksumAt(frame: Buffer): number {
  if (frame.length < 7) throw new CorruptCompressedDataError('lz4', 'frame header cut short');
  const flg = frame[FLG]!;
  return BD + 1 + (flg & FLG_CONTENT_SIZE ? CONTENT_SIZE_BYTES : 0) + (flg & FLG_DICT_ID ? DICT_ID_BYTES : 0);
}

function secondByte(hash: number): number {
  return (hash >>> 8) & 0xff;
}

/** A copy of a magic-0 frame with the standard header checksum, whichever checksum it carried. */
export function repairOldLz4Frame(frame: Buffer): Buffer {
  const at = checksumAt(frame);
  if (at >= frame.length) throw new CorruptCompressedDataError('lz4', 'frame header cut short');
  const copy = Buffer.from(frame);
  copy[at] = secondByte(xxhash32(copy.subarray(FLG, at)));
  return copy;
}

/** A standard frame rewritten as Kafka 0.8/0.9 expects it: no content size, the checksum over the magic too. */
export function toOldLz4Frame(frame: Buffer): Buffer {
  const sizeAt = BD + 1;
  const hasSize = (frame[FLG]! & FLG_CONTENT_SIZE) !== 0;
  const out = hasSize ? Buffer.concat([frame.subarray(0, sizeAt), frame.subarray(sizeAt + CONTENT_SIZE_BYTES)]) : Buffer.from(frame);
  out[FLG] = frame[FLG]! & ~FLG_CONTENT_SIZE;
  const at = checksumAt(out);
  out[at] = secondByte(xxhash32(out.subarray(0, at)));
  return out;
}
