/** The codec in bits 0-2 of a v2 batch's attributes. */
export enum CompressionType {
  None = 0,
  Gzip = 1,
  Snappy = 2,
  Lz4 = 3,
  Zstd = 4,
}
