import zlib from 'node:zlib';
import type { Codec } from './codec.js';
import { UnsupportedCompressionError } from './errors.js';

interface ZlibZstd {
  zstdCompressSync(data: Buffer): Buffer;
  zstdDecompressSync(data: Buffer): Buffer;
}

// @types/node follows Node 20, which has no zstd, so the functions are looked up at run time.
const z = zlib as unknown as Partial<ZlibZstd>;

function unavailable(): never {
  throw new UnsupportedCompressionError(
    `zstd needs Node >= 22.15, whose zlib has it; this is Node ${process.versions.node}. ` +
      'Upgrade Node, or ask for an optional zstd decoder package to be added.',
  );
}

export const zstdAvailable = typeof z.zstdCompressSync === 'function' && typeof z.zstdDecompressSync === 'function';

export const zstdCodec: Codec = zstdAvailable
  ? { name: 'zstd', compress: (data) => z.zstdCompressSync!(data), decompress: (data) => z.zstdDecompressSync!(data) }
  : { name: 'zstd', compress: unavailable, decompress: unavailable };
