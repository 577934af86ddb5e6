import type { Codec } from './codec.js';
import { loadNative } from './load-native.js';
import { snappyCompressLiterals, snappyDecompressBlock } from './snappy-block.js';
import { unframeSnappy } from './xerial.js';

type SnappyAddon = typeof import('snappy');

const addon = loadNative<SnappyAddon>('snappy');

/** Writes raw snappy, as librdkafka does; reads raw and xerial-framed. Null when the addon did not load. */
export const nativeSnappy: Codec | null = addon && {
  name: 'snappy',
  compress: (data) => addon.compressSync(data),
  decompress: (data) => unframeSnappy(data, (block) => addon.uncompressSync(block, { asBuffer: true }) as Buffer),
};

export const pureSnappy: Codec = {
  name: 'snappy',
  compress: snappyCompressLiterals,
  decompress: (data) => unframeSnappy(data, snappyDecompressBlock),
};
