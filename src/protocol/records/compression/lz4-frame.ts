import { decodeLz4Block } from './lz4-block.js';
import { CorruptCompressedDataError } from './errors.js';
import { OutputBuffer } from './output-buffer.js';
import { xxhash32 } from './xxhash32.js';

/**
 * The LZ4 frame format (what Kafka calls lz4) in pure TS, for machines where
 * the native `lz4-napi` addon does not load.
 */
const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MAGIC = 0x184d2a50;
const SKIPPABLE_MASK = 0xfffffff0;
const VERSION_01 = 0x40;
const FLG_BLOCK_INDEPENDENT = 0x20;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_RESERVED = 0x02;
const FLG_DICT_ID = 0x01;
const UNCOMPRESSED_BLOCK = 0x80000000;
const BLOCK_64K_ID = 4;
const BLOCK_64K = 65536;
// One LZ4 byte can stand for at most 255 output bytes, so a block of n bytes
// never needs more than n * 256 bytes of room, however large its frame's block size.
const MAX_EXPANSION = 256;

function corrupt(detail: string): CorruptCompressedDataError {
  return new CorruptCompressedDataError('lz4', detail);
}

/** The header checksum byte: the second byte of xxHash32 over the descriptor (magic excluded, KIP-57). */
function headerChecksum(descriptor: Buffer): number {
  return (xxhash32(descriptor) >>> 8) & 0xff;
}

export function lz4FrameDecompress(src: Buffer): Buffer {
  const out = new OutputBuffer(Math.max(1024, src.length * 2));
  let pos = 0;
  const need = (n: number, what: string): void => {
    if (pos + n > src.length) throw corrupt(`${what} cut short`);
  };
  while (pos < src.length) {
    need(4, 'frame magic');
    const magic = src.readUInt32LE(pos);
    pos += 4;
    if (((magic & SKIPPABLE_MASK) >>> 0) === SKIPPABLE_MAGIC) {
      need(4, 'skippable frame size');
      const skip = src.readUInt32LE(pos);
      pos += 4;
      need(skip, 'skippable frame');
      pos += skip;
      continue;
    }
    if (magic !== FRAME_MAGIC) throw corrupt(`frame magic ${magic.toString(16)} is not an LZ4 frame (legacy LZ4 is not supported)`);

    const descriptorStart = pos;
    need(2, 'frame descriptor');
    const flg = src[pos]!;
    const bd = src[pos + 1]!;
    pos += 2;
    if ((flg & 0xc0) !== VERSION_01) throw corrupt(`frame version bits ${flg >>> 6} are not 01`);
    if (flg & FLG_RESERVED || bd & 0x8f) throw corrupt('reserved descriptor bits are set');
    if (flg & FLG_DICT_ID) throw corrupt('the frame needs a dictionary, which Kafka never uses');
    const blockSizeId = (bd >>> 4) & 7;
    if (blockSizeId < BLOCK_64K_ID) throw corrupt(`block size id ${blockSizeId} is undefined`);
    const blockMax = 1 << (8 + 2 * blockSizeId);
    let contentSize = -1;
    if (flg & FLG_CONTENT_SIZE) {
      need(8, 'content size');
      contentSize = src.readUInt32LE(pos) + src.readUInt32LE(pos + 4) * 2 ** 32;
      pos += 8;
    }
    need(1, 'header checksum');
    const hc = headerChecksum(src.subarray(descriptorStart, pos));
    if (src[pos] !== hc) throw corrupt(`header checksum ${src[pos]} should be ${hc}`);
    pos += 1;

    const frameStart = out.length;
    const independent = (flg & FLG_BLOCK_INDEPENDENT) !== 0;
    for (;;) {
      need(4, 'block size');
      const word = src.readUInt32LE(pos);
      pos += 4;
      if (word === 0) break;
      const size = word & ~UNCOMPRESSED_BLOCK;
      if (size > blockMax) throw corrupt(`block of ${size} bytes exceeds the frame's ${blockMax}`);
      need(size, 'block');
      if (flg & FLG_BLOCK_CHECKSUM) {
        need(size + 4, 'block checksum');
        if (xxhash32(src.subarray(pos, pos + size)) !== src.readUInt32LE(pos + size)) throw corrupt('block checksum mismatch');
      }
      if (word & UNCOMPRESSED_BLOCK) {
        out.reserve(size);
        src.copy(out.buf, out.length, pos, pos + size);
        out.length += size;
      } else {
        const room = Math.min(blockMax, size * MAX_EXPANSION);
        out.reserve(room);
        const blockStart = out.length;
        out.length = decodeLz4Block(src, pos, pos + size, out.buf, blockStart, blockStart + room, independent ? blockStart : frameStart);
      }
      pos += size + (flg & FLG_BLOCK_CHECKSUM ? 4 : 0);
    }
    const content = out.buf.subarray(frameStart, out.length);
    if (contentSize >= 0 && content.length !== contentSize) throw corrupt(`frame holds ${content.length} bytes, its header says ${contentSize}`);
    if (flg & FLG_CONTENT_CHECKSUM) {
      need(4, 'content checksum');
      if (xxhash32(content) !== src.readUInt32LE(pos)) throw corrupt('content checksum mismatch');
      pos += 4;
    }
  }
  return out.buf.subarray(0, out.length);
}

/**
 * A valid LZ4 frame of uncompressed 64 KiB blocks: no size gain, but any LZ4
 * frame reader (Kafka's Java client included) accepts it.
 */
export function lz4FrameCompressStored(src: Buffer): Buffer {
  const blocks = Math.ceil(src.length / BLOCK_64K);
  const out = Buffer.allocUnsafe(7 + blocks * 4 + src.length + 4);
  out.writeUInt32LE(FRAME_MAGIC, 0);
  out[4] = VERSION_01 | FLG_BLOCK_INDEPENDENT;
  out[5] = BLOCK_64K_ID << 4;
  out[6] = headerChecksum(out.subarray(4, 6));
  let o = 7;
  for (let pos = 0; pos < src.length; pos += BLOCK_64K) {
    const n = Math.min(BLOCK_64K, src.length - pos);
    out.writeUInt32LE((n | UNCOMPRESSED_BLOCK) >>> 0, o);
    o += 4 + src.copy(out, o + 4, pos, pos + n);
  }
  out.writeUInt32LE(0, o);
  return out;
}
