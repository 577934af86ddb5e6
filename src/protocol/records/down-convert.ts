import { Attr, type BatchHeader, Off } from './batch-header.js';
import { type CodecSet, CompressionType, defaultCodecs } from './compression/index.js';
import { type LegacyMagic } from './legacy-compression.js';
import { encodeMessageSet, LOG_OVERHEAD, messageAttributes, type MessageInput, messageSize, writeMessageFrom } from './message-set.js';
import { batchRecordData, checkedBatchHeader, decodeRecordBatch, forEachBatch, TimestampType } from './record-batch.js';
import { emptySpan, type RecordSpan, walkRecords } from './record.js';

export interface DownConvertOptions {
  /** The offset the client asked for: records before it in the first batch are left out, unless it is compressed. */
  fetchOffset: number;
  /** Byte limit of the converted set. */
  maxBytes: number;
  /** Let the first message (or wrapper) exceed maxBytes, so a consumer never stalls on it (KIP-74). */
  allowOversizedFirst: boolean;
  codecs?: CodecSet;
}

/**
 * A v2 record takes at least 7 bytes besides its key and value, a magic 1
 * message 34 with its offset and size: converting adds at most this much a record.
 */
const GROWTH_PER_RECORD = 27;

/** Room for converting these batches uncompressed, from their headers alone, within the byte limit. */
function capacityFor(batches: Buffer, maxBytes: number): number {
  let bound = 0;
  forEachBatch(batches, (batch) => {
    bound += batch.length + GROWTH_PER_RECORD * Math.max(0, batch.readInt32BE(Off.recordCount));
    return bound < maxBytes;
  });
  return Math.min(bound, maxBytes);
}

/** The converted set, written into one buffer that grows only when a compressed batch or an oversized first message needs it. */
class ConvertedSet {
  buf: Buffer;
  size = 0;

  constructor(
    capacity: number,
    private readonly options: DownConvertOptions,
  ) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Whether a unit of `n` bytes (one message, or one wrapper) may go next, and room for it if so. */
  take(n: number): boolean {
    const fits = this.size + n <= this.options.maxBytes || this.mayOversize();
    if (fits && this.size + n > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.size + n));
      this.buf.copy(grown, 0, 0, this.size);
      this.buf = grown;
    }
    return fits;
  }

  /** Whether any message could still go: when not, the batches left are not read. */
  open(): boolean {
    return this.size < this.options.maxBytes || this.mayOversize();
  }

  private mayOversize(): boolean {
    return this.size === 0 && this.options.allowOversizedFirst;
  }

  result(): Buffer {
    return this.buf.subarray(0, this.size);
  }
}

/**
 * An uncompressed (or zstd, which magic 0/1 cannot carry) batch as one plain
 * message per record, copied straight from the stored bytes. Returns false
 * when the byte limit stopped it.
 */
function convertPlain(out: ConvertedSet, batch: Buffer, header: BatchHeader, magic: LegacyMagic, fetchOffset: number, codecs: CodecSet): boolean {
  const compression: CompressionType = header.attributes & Attr.compressionMask;
  const logAppend = (header.attributes & Attr.timestampTypeLogAppend) !== 0;
  const attributes = messageAttributes(magic, CompressionType.None, logAppend ? TimestampType.LogAppendTime : TimestampType.CreateTime);
  const data = batchRecordData(batch, compression, codecs);
  // As Kafka's down-conversion: an uncompressed batch starts at the asked offset; a compressed one goes
  // whole, the records before the asked offset too, and the client skips them.
  const from = compression === CompressionType.None ? fetchOffset : -Infinity;
  let full = false;
  walkRecords(data, header.recordCount, header.baseOffset, header.baseTimestamp, emptySpan(), (r: RecordSpan) => {
    if (r.offset < from) return true;
    const size = messageSize(magic, r.keyLength, r.valueLength);
    if (!out.take(LOG_OVERHEAD + size)) {
      full = true;
      return false;
    }
    const timestamp = logAppend ? header.maxTimestamp : r.timestamp;
    out.size = writeMessageFrom(out.buf, out.size, magic, attributes, r.offset, timestamp, data, r.keyAt, r.keyLength, data, r.valueAt, r.valueLength);
    return true;
  });
  return !full;
}

/**
 * A gzip, snappy or lz4 batch as one wrapper of the same codec holding all its
 * records. A control batch is decoded too (every stored batch read is checked)
 * and left out. Returns false when the byte limit stopped it.
 */
function convertToWrapper(out: ConvertedSet, batch: Buffer, magic: LegacyMagic, codecs: CodecSet): boolean {
  const decoded = decodeRecordBatch(batch, codecs);
  if (decoded.isControlBatch || decoded.records.length === 0) return true;
  const messages: MessageInput[] = decoded.records.map((r) => ({ offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value }));
  const wrapper = encodeMessageSet({ magic, compression: decoded.compression, timestampType: decoded.timestampType, messages }, codecs);
  if (!out.take(wrapper.length)) return false;
  out.size += wrapper.copy(out.buf, out.size);
  return true;
}

function convertBatch(out: ConvertedSet, batch: Buffer, magic: LegacyMagic, options: DownConvertOptions, codecs: CodecSet): boolean {
  const attributes = batch.readInt16BE(Off.attributes);
  const compression: CompressionType = attributes & Attr.compressionMask;
  const plain = compression === CompressionType.None || compression === CompressionType.Zstd;
  if (!plain || (attributes & Attr.control) !== 0) return convertToWrapper(out, batch, magic, codecs);
  return convertPlain(out, batch, checkedBatchHeader(batch), magic, options.fetchOffset, codecs);
}

/**
 * Converts stored v2 batches down to a magic 0 or 1 message set, as Kafka's
 * down-conversion does for old consumers: whole messages only, within the
 * byte limit, control batches left out, and headers dropped (magic 0/1 has
 * nowhere to put them). Magic 0 loses timestamps too. Batches past the byte
 * limit are not read at all.
 */
export function batchesToMessageSet(batches: Buffer, magic: LegacyMagic, options: DownConvertOptions): Buffer {
  const codecs = options.codecs ?? defaultCodecs;
  const out = new ConvertedSet(capacityFor(batches, options.maxBytes), options);
  forEachBatch(batches, (batch) => convertBatch(out, batch, magic, options, codecs) && out.open());
  return out.result();
}
