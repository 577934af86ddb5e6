import { CorruptCompressedDataError } from './errors.js';

/**
 * Kafka's Java client wraps snappy in xerial's framing: an 8-byte magic, two
 * int32 version fields, then [int32 length, raw snappy block] chunks.
 * A raw block can never start with this magic (its varint would be followed
 * by a copy with nothing to copy), so detection is unambiguous.
 */
const MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const HEADER_SIZE = 16;

function isXerialFramed(data: Buffer): boolean {
  return data.length >= MAGIC.length && MAGIC.equals(data.subarray(0, MAGIC.length));
}

/** Decompresses raw or xerial-framed snappy with the given raw-block decoder. */
export function unframeSnappy(data: Buffer, decodeBlock: (block: Buffer) => Buffer): Buffer {
  if (!isXerialFramed(data)) return decodeBlock(data);
  if (data.length < HEADER_SIZE) throw new CorruptCompressedDataError('snappy', 'xerial header cut short');
  const parts: Buffer[] = [];
  let pos = HEADER_SIZE;
  while (pos < data.length) {
    if (pos + 4 > data.length) throw new CorruptCompressedDataError('snappy', 'xerial chunk length cut short');
    const n = data.readInt32BE(pos);
    pos += 4;
    if (n < 0 || pos + n > data.length) throw new CorruptCompressedDataError('snappy', `xerial chunk of ${n} bytes overruns`);
    parts.push(decodeBlock(data.subarray(pos, pos + n)));
    pos += n;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

// snappy-java's default block: what Kafka's Java clients write per chunk.
const XERIAL_BLOCK = 32 * 1024;
const XERIAL_VERSION = 1;
const XERIAL_COMPATIBLE_VERSION = 1;

/** Snappy in xerial's framing, as Kafka's old Java clients write and expect it in magic 0/1 messages. */
export function frameXerial(data: Buffer, compressBlock: (block: Buffer) => Buffer): Buffer {
  const header = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(header, 0);
  header.writeInt32BE(XERIAL_VERSION, 8);
  header.writeInt32BE(XERIAL_COMPATIBLE_VERSION, 12);
  const parts: Buffer[] = [header];
  // An empty input still gets one (empty) chunk, as snappy-java writes it.
  for (let pos = 0; pos === 0 || pos < data.length; pos += XERIAL_BLOCK) {
    const block = compressBlock(data.subarray(pos, pos + XERIAL_BLOCK));
    const length = Buffer.allocUnsafe(4);
    length.writeInt32BE(block.length, 0);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}
