import { UnsupportedCompressionError } from './errors.js';
import { OutputBuffer } from './output-buffer.js';
import { xxhash64 } from './xxhash64.js';
import { corrupt } from './zstd-bits.js';
import { readLiterals, type Literals, type LiteralsContext } from './zstd-literals.js';
import { executeSequences, type SequencesContext } from './zstd-sequences.js';

/**
 * The zstd frame format (RFC 8878) decoded in pure TS, for Node versions
 * whose zlib has no zstd. Decoding only: Kafka readers must accept zstd
 * batches from any producer, but nothing here needs to write them.
 */
const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MAGIC = 0x184d2a50;
const SKIPPABLE_MASK = 0xfffffff0;
const BLOCK_MAX = 128 * 1024;
const RAW_BLOCK = 0;
const RLE_BLOCK = 1;
const COMPRESSED_BLOCK = 2;

/** Default cap on what one input may decompress to, so a few bytes of input cannot claim gigabytes. */
const ZSTD_MAX_OUTPUT = 256 * 1024 * 1024;

interface FrameHeader {
  /** The content size the header declares, or -1. */
  contentSize: number;
  checksum: boolean;
  /** Where the first block starts. */
  end: number;
}

function readFrameHeader(src: Buffer, pos: number): FrameHeader {
  if (pos >= src.length) throw corrupt('frame header cut short');
  const descriptor = src[pos++]!;
  const sizeFlag = descriptor >>> 6;
  const singleSegment = (descriptor & 0x20) !== 0;
  if (descriptor & 0x08) throw corrupt('reserved frame header bit is set');
  const dictIdBytes = [0, 1, 2, 4][descriptor & 3]!;
  const sizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][sizeFlag]!;
  // The window descriptor only bounds how far back matches reach, and the whole frame is kept in memory anyway.
  if (!singleSegment) pos++;
  if (pos + dictIdBytes + sizeBytes > src.length) throw corrupt('frame header cut short');
  const dictId = dictIdBytes === 0 ? 0 : src.readUIntLE(pos, dictIdBytes);
  if (dictId !== 0) {
    throw new UnsupportedCompressionError(`zstd frame needs dictionary ${dictId}; Kafka producers do not use zstd dictionaries, so the producer is misconfigured`);
  }
  pos += dictIdBytes;
  let contentSize = -1;
  if (sizeBytes === 8) contentSize = src.readUInt32LE(pos) + src.readUInt32LE(pos + 4) * 2 ** 32;
  else if (sizeBytes > 0) contentSize = src.readUIntLE(pos, sizeBytes) + (sizeBytes === 2 ? 256 : 0);
  return { contentSize, checksum: (descriptor & 0x04) !== 0, end: pos + sizeBytes };
}

/** Decodes one frame's blocks into out; returns where the frame's blocks end in src. */
function decodeBlocks(src: Buffer, pos: number, out: OutputBuffer, limit: number, limitName: string, scratch: Uint8Array): number {
  const frameStart = out.length;
  const literalsCtx: LiteralsContext = { huffman: null, scratch };
  const sequencesCtx: SequencesContext = { ll: null, of: null, ml: null, rep: [1, 4, 8] };
  const literals: Literals = { buf: scratch, start: 0, end: 0 };
  for (;;) {
    if (pos + 3 > src.length) throw corrupt('block header cut short');
    const header = src.readUIntLE(pos, 3);
    pos += 3;
    const last = header & 1;
    const type = (header >>> 1) & 3;
    const size = header >>> 3;
    if (size > BLOCK_MAX) throw corrupt(`block of ${size} bytes exceeds zstd's 128 KiB`);
    const room = Math.min(BLOCK_MAX, limit - out.length);
    const roomName = room === BLOCK_MAX ? "zstd's 128 KiB block maximum" : limitName;
    if (type === RLE_BLOCK) {
      if (pos >= src.length) throw corrupt('RLE block cut short');
      if (size > room) throw corrupt(`block decodes past ${roomName}`);
      out.reserve(size);
      out.buf.fill(src[pos]!, out.length, out.length + size);
      out.length += size;
      pos += 1;
    } else {
      if (pos + size > src.length) throw corrupt('block cut short');
      if (type === RAW_BLOCK) {
        if (size > room) throw corrupt(`block decodes past ${roomName}`);
        out.reserve(size);
        src.copy(out.buf, out.length, pos, pos + size);
        out.length += size;
      } else if (type === COMPRESSED_BLOCK) {
        out.reserve(room);
        const end = pos + size;
        const at = readLiterals(src, pos, end, room, literalsCtx, literals);
        const window = { dst: out.buf, windowStart: frameStart, limit: out.length + room, limitName: roomName };
        out.length = executeSequences(src, at, end, literals, sequencesCtx, window, out.length);
      } else {
        throw corrupt('reserved block type 3');
      }
      pos += size;
    }
    if (last) return pos;
  }
}

/**
 * Decompresses every frame in src, skipping skippable frames. Throws
 * CorruptCompressedDataError for anything malformed or for output beyond
 * `maxOutput` bytes, and UnsupportedCompressionError for frames that need a dictionary.
 */
export function zstdDecompress(src: Buffer, maxOutput = ZSTD_MAX_OUTPUT): Buffer {
  const out = new OutputBuffer(Math.min(maxOutput, Math.max(1024, src.length * 4)));
  const scratch = new Uint8Array(BLOCK_MAX);
  let pos = 0;
  while (pos < src.length) {
    if (pos + 4 > src.length) throw corrupt('frame magic cut short');
    const magic = src.readUInt32LE(pos);
    pos += 4;
    if (((magic & SKIPPABLE_MASK) >>> 0) === SKIPPABLE_MAGIC) {
      if (pos + 4 > src.length) throw corrupt('skippable frame size cut short');
      const skip = src.readUInt32LE(pos);
      pos += 4;
      if (pos + skip > src.length) throw corrupt('skippable frame cut short');
      pos += skip;
      continue;
    }
    if (magic !== FRAME_MAGIC) throw corrupt(`frame magic ${magic.toString(16)} is not a zstd frame`);

    const header = readFrameHeader(src, pos);
    pos = header.end;
    const frameStart = out.length;
    let limit = maxOutput;
    let limitName = `the ${maxOutput}-byte output cap`;
    if (header.contentSize >= 0) {
      if (frameStart + header.contentSize > maxOutput) throw corrupt(`frame declares ${header.contentSize} bytes, past the ${maxOutput}-byte output cap`);
      limit = frameStart + header.contentSize;
      limitName = `the frame's declared ${header.contentSize} bytes`;
      // Each block header of 3 bytes can stand for at most 128 KiB, so a tiny input cannot make us allocate its claim.
      out.reserve(Math.min(header.contentSize, Math.ceil((src.length - pos) / 3) * BLOCK_MAX));
    }
    pos = decodeBlocks(src, pos, out, limit, limitName, scratch);
    if (header.contentSize >= 0 && out.length !== limit) {
      throw corrupt(`frame holds ${out.length - frameStart} bytes, its header says ${header.contentSize}`);
    }
    if (header.checksum) {
      if (pos + 4 > src.length) throw corrupt('content checksum cut short');
      const expected = src.readUInt32LE(pos);
      if (Number(xxhash64(out.buf, frameStart, out.length) & 0xffffffffn) !== expected) throw corrupt('content checksum mismatch');
      pos += 4;
    }
  }
  return out.buf.subarray(0, out.length);
}
