import { type CodecSet, CompressionType, compress, decompress, defaultCodecs } from './compression/index.js';
import { UnsupportedCompressionError } from './compression/errors.js';
import { frameXerial } from './compression/xerial.js';
import { repairOldLz4Frame, toOldLz4Frame } from './legacy-lz4.js';

/** Message format magic 0 (Kafka 0.8-0.9) or 1 (Kafka 0.10). */
export type LegacyMagic = 0 | 1;

/** Magic 0/1 know gzip, snappy and lz4 only; zstd came with magic 2 (KIP-110). */
function checkLegacyCodec(type: CompressionType, magic: LegacyMagic): void {
  if (type > CompressionType.Lz4) {
    throw new UnsupportedCompressionError(
      `compression type ${type} cannot be carried by a magic ${magic} message (only none, gzip, snappy and lz4); use a v2 record batch for zstd`,
    );
  }
}

/**
 * Compresses a wrapper message's inner message set the way the clients of its
 * era read it: snappy in xerial's framing (Java's snappy-java streams), lz4
 * with the broken header checksum under magic 0.
 */
export function compressLegacy(type: CompressionType, data: Buffer, magic: LegacyMagic, codecs: CodecSet = defaultCodecs): Buffer {
  checkLegacyCodec(type, magic);
  if (type === CompressionType.Snappy) return frameXerial(data, (block) => compress(type, block, codecs));
  if (type === CompressionType.Lz4 && magic === 0) return toOldLz4Frame(compress(type, data, codecs));
  return compress(type, data, codecs);
}

/** Decompresses a wrapper message's value; a magic 0 lz4 frame's header checksum is not trusted, as Kafka did not. */
export function decompressLegacy(type: CompressionType, data: Buffer, magic: LegacyMagic, codecs: CodecSet = defaultCodecs): Buffer {
  checkLegacyCodec(type, magic);
  if (type === CompressionType.Lz4 && magic === 0) return decompress(type, repairOldLz4Frame(data), codecs);
  return decompress(type, data, codecs);
}
