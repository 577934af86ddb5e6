import zlib from 'node:zlib';
import type { Codec } from './codec.js';
import { UnsupportedCompressionError } from './errors.js';
import { zstdDecompress } from './zstd-decoder.js';

interface ZlibZstd {
  zstdCompressSync(data: Buffer): Buffer;
  zstdDecompressSync(data: Buffer): Buffer;
}

// @types/node follows Node 20, which has no zstd, so the functions are looked up at run time.
const z = zlib as unknown as Partial<ZlibZstd>;

function compressUnavailable(): never {
  throw new UnsupportedCompressionError(
    `zstd compression needs Node >= 22.15, whose zlib has it; this is Node ${process.versions.node}. ` +
      'Decompression works here (a pure-TS decoder reads zstd batches), so only writing them needs the upgrade.',
  );
}

/** True where zlib has zstd, for both directions; without it only decompression works, through the pure-TS decoder. */
export const zstdAvailable = typeof z.zstdCompressSync === 'function' && typeof z.zstdDecompressSync === 'function';

export const zstdCodec: Codec = zstdAvailable
  ? { name: 'zstd', compress: (data) => z.zstdCompressSync!(data), decompress: (data) => z.zstdDecompressSync!(data) }
  : { name: 'zstd', compress: compressUnavailable, decompress: (data) => zstdDecompress(data) };
