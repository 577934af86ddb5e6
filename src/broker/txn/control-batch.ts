import { Attr, readBatchHeader } from '../../protocol/records/batch-header.js';
import { decodeRecordBatch, encodeRecordBatch } from '../../protocol/records/record-batch.js';

export type TxnOutcome = 'commit' | 'abort';

/** Control record types, as Kafka's ControlRecordType numbers them. */
const ABORT = 0;
const COMMIT = 1;
const KEY_VERSION = 0;
const MARKER_VERSION = 0;
/** A single node never changes coordinator, so its coordinator epoch stays 0. */
export const MARKER_COORDINATOR_EPOCH = 0;

/**
 * The marker that ends a transaction in one partition, as Kafka writes it:
 * a batch with the control and transactional attributes, the producer's id
 * and epoch, no sequence, and one record whose key is (version, type) and
 * whose value is EndTransactionMarker (version, coordinator epoch).
 */
export function encodeMarker(outcome: TxnOutcome, producerId: number, producerEpoch: number, now: number): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(KEY_VERSION, 0);
  key.writeInt16BE(outcome === 'commit' ? COMMIT : ABORT, 2);
  const value = Buffer.alloc(6);
  value.writeInt16BE(MARKER_VERSION, 0);
  value.writeInt32BE(MARKER_COORDINATOR_EPOCH, 2);
  return encodeRecordBatch({
    isTransactional: true,
    isControlBatch: true,
    producerId,
    producerEpoch,
    baseSequence: -1,
    records: [{ key, value, timestamp: now }],
  });
}

export function isControlBatch(attributes: number): boolean {
  return (attributes & Attr.control) !== 0;
}

export function isTransactionalBatch(attributes: number): boolean {
  return (attributes & Attr.transactional) !== 0;
}

/** The outcome a stored control batch records, or null for a control record that is no transaction marker. */
export function markerOutcome(batch: Buffer): TxnOutcome | null {
  if (!isControlBatch(readBatchHeader(batch).attributes)) return null;
  const key = decodeRecordBatch(batch).records[0]?.key;
  if (!key || key.length < 4) return null;
  const type = key.readInt16BE(2);
  if (type === COMMIT) return 'commit';
  if (type === ABORT) return 'abort';
  return null;
}
