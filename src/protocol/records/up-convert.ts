import { type CodecSet, CompressionType, defaultCodecs } from './compression/index.js';
import { decodeMessageSet, NO_TIMESTAMP } from './message-set.js';
import { encodeRecordBatch, TimestampType } from './record-batch.js';

/**
 * Turns a produced magic 0/1 message set into one v2 record batch, as Kafka
 * converts on append. Offsets are left for the log to assign. The batch keeps
 * the codec of the producer's first wrapper (Kafka's compression.type=producer).
 * Magic 0 messages have no timestamp: rather than store -1 (which retention
 * would read as "older than any limit"), the batch takes LogAppendTime, the
 * broker's clock at append, as a topic with message.timestamp.type=LogAppendTime would.
 * Throws CorruptMessageSetError for a damaged set, naming the check that failed.
 */
export function messageSetToBatch(set: Buffer, now: number, codecs: CodecSet = defaultCodecs): Buffer {
  const messages = decodeMessageSet(set, { codecs });
  const first = messages[0];
  const hasTimestamps = first !== undefined && first.magic === 1 && messages.every((m) => m.timestamp !== NO_TIMESTAMP);
  const compression = first?.compression ?? CompressionType.None;
  return encodeRecordBatch(
    {
      compression,
      timestampType: hasTimestamps ? TimestampType.CreateTime : TimestampType.LogAppendTime,
      records: messages.map((m) => ({ key: m.key, value: m.value, timestamp: hasTimestamps ? m.timestamp : now })),
    },
    codecs,
  );
}
