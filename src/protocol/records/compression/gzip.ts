import zlib from 'node:zlib';
import type { Codec } from './codec.js';

export const gzipCodec: Codec = {
  name: 'gzip',
  compress: (data) => zlib.gzipSync(data),
  decompress: (data) => zlib.gunzipSync(data),
};
