import type { Codec } from './codec.js';
import { loadNative } from './load-native.js';
import { lz4FrameCompressStored, lz4FrameDecompress } from './lz4-frame.js';

type Lz4Addon = typeof import('lz4-napi');

const addon = loadNative<Lz4Addon>('lz4-napi');

/** LZ4 frames with independent blocks, as Kafka writes them. Null when the addon did not load. */
export const nativeLz4: Codec | null = addon && {
  name: 'lz4',
  compress: (data) => addon.compressFrameSync(data),
  decompress: (data) => addon.decompressFrameSync(data),
};

export const pureLz4: Codec = {
  name: 'lz4',
  compress: lz4FrameCompressStored,
  decompress: lz4FrameDecompress,
};
