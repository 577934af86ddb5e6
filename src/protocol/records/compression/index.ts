import type { Codec } from './codec.js';
import { CompressionType } from './compression-type.js';
import { CorruptCompressedDataError, UnsupportedCompressionError } from './errors.js';
import { gzipCodec } from './gzip.js';
import { nativeLz4, pureLz4 } from './lz4.js';
import { nativeSnappy, pureSnappy } from './snappy.js';
import { zstdCodec } from './zstd.js';

export type { Codec } from './codec.js';
export { CompressionType } from './compression-type.js';
export { CorruptCompressedDataError, UnsupportedCompressionError } from './errors.js';

/** Which implementation serves each compression type. */
export type CodecSet = Readonly<Record<CompressionType, Codec>>;

const none: Codec = { name: 'none', compress: (data) => data, decompress: (data) => data };

/** Native addons where they load, pure TS where they do not. */
export const defaultCodecs: CodecSet = {
  [CompressionType.None]: none,
  [CompressionType.Gzip]: gzipCodec,
  [CompressionType.Snappy]: nativeSnappy ?? pureSnappy,
  [CompressionType.Lz4]: nativeLz4 ?? pureLz4,
  [CompressionType.Zstd]: zstdCodec,
};

/** The pure-TS fallbacks pinned, for checking them against the native addons. */
export const pureCodecs: CodecSet = {
  ...defaultCodecs,
  [CompressionType.Snappy]: pureSnappy,
  [CompressionType.Lz4]: pureLz4,
};

function codecFor(type: number, codecs: CodecSet): Codec {
  const codec = codecs[type as CompressionType] as Codec | undefined;
  if (!codec) {
    throw new UnsupportedCompressionError(
      `compression type ${type} is not one Kafka defines (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd); the batch attributes are damaged or come from a newer client`,
    );
  }
  return codec;
}

export function compress(type: CompressionType, data: Buffer, codecs: CodecSet = defaultCodecs): Buffer {
  return codecFor(type, codecs).compress(data);
}

/** Decompresses, reporting any failure of the codec underneath as CorruptCompressedDataError. */
export function decompress(type: CompressionType, data: Buffer, codecs: CodecSet = defaultCodecs): Buffer {
  const codec = codecFor(type, codecs);
  try {
    return codec.decompress(data);
  } catch (err) {
    if (err instanceof CorruptCompressedDataError || err instanceof UnsupportedCompressionError) throw err;
    throw new CorruptCompressedDataError(codec.name, (err as Error).message, { cause: err });
  }
}
