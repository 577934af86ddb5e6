import { type CodecSet, CompressionType, defaultCodecs } from './compression/index.js';
import { type LegacyMagic } from './legacy-compression.js';
import { encodeMessageSet, type MessageInput } from './message-set.js';
import { decodeRecordBatches, type RecordBatch } from './record-batch.js';

export interface DownConvertOptions {
  /** The offset the client asked for: records before it in the first batch are left out, unless it is compressed. */
  fetchOffset: number;
  /** Byte limit of the converted set. */
  maxBytes: number;
  /** Let the first message (or wrapper) exceed maxBytes, so a consumer never stalls on it (KIP-74). */
  allowOversizedFirst: boolean;
  codecs?: CodecSet;
}

/** Codecs magic 0/1 can carry; a zstd batch is sent uncompressed rather than refused. */
function legacyCodec(c: CompressionType): CompressionType {
  return c === CompressionType.Zstd ? CompressionType.None : c;
}

function convertBatch(batch: RecordBatch, magic: LegacyMagic, fetchOffset: number, codecs: CodecSet): Buffer[] {
  const messages: MessageInput[] = [];
  // As Kafka's down-conversion: a compressed batch goes whole into its wrapper, the records before
  // the asked offset too, and the client skips them (it must anyway: magic 0 wrappers hold whole
  // sets); an uncompressed one starts at the asked offset.
  const whole = batch.compression !== CompressionType.None;
  for (const r of batch.records) {
    if (whole || r.offset >= fetchOffset) messages.push({ offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value });
  }
  if (messages.length === 0) return [];
  const compression = legacyCodec(batch.compression);
  const { timestampType } = batch;
  // Uncompressed, each message is its own unit of the byte limit; compressed, the wrapper is.
  if (compression === CompressionType.None) return messages.map((m) => encodeMessageSet({ magic, timestampType, messages: [m] }, codecs));
  return [encodeMessageSet({ magic, compression, timestampType, messages }, codecs)];
}

/**
 * Converts stored v2 batches down to a magic 0 or 1 message set, as Kafka's
 * down-conversion does for old consumers: whole messages only, within the
 * byte limit, control batches left out, and headers dropped (magic 0/1 has
 * nowhere to put them). Magic 0 loses timestamps too.
 */
export function batchesToMessageSet(batches: Buffer, magic: LegacyMagic, options: DownConvertOptions): Buffer {
  const codecs = options.codecs ?? defaultCodecs;
  const parts: Buffer[] = [];
  let size = 0;
  for (const batch of decodeRecordBatches(batches, codecs)) {
    if (batch.isControlBatch) continue;
    for (const unit of convertBatch(batch, magic, options.fetchOffset, codecs)) {
      const fits = size + unit.length <= options.maxBytes || (parts.length === 0 && options.allowOversizedFirst);
      if (!fits) return Buffer.concat(parts, size);
      parts.push(unit);
      size += unit.length;
    }
  }
  return Buffer.concat(parts, size);
}
