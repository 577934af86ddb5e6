/** One compression codec; `decompress` must accept anything Kafka clients write for it. */
export interface Codec {
  readonly name: string;
  compress(data: Buffer): Buffer;
  decompress(data: Buffer): Buffer;
}
