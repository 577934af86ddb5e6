import { ErrorCode } from '../../protocol/error-codes.js';
import { batchSizeAt, checkBatchAt, readBatchHeader } from '../../protocol/records/batch-header.js';
import { isControlBatch, isTransactionalBatch } from './control-batch.js';
import type { TransactionCoordinator } from './txn-coordinator.js';
import { hasPartition } from './txn-metadata.js';

export interface ProduceProblem {
  errorCode: number;
  message: string;
}

/**
 * What Kafka's partition verification (KIP-890 part 1) refuses: a
 * transactional batch whose producer has no open transaction holding this
 * partition, and a batch from an epoch the coordinator has fenced. Control
 * batches come only from the coordinator, never from a client.
 */
export function transactionalProduceProblem(txn: TransactionCoordinator, topic: string, partition: number, records: Buffer): ProduceProblem | null {
  for (let at = 0; at < records.length; at += batchSizeAt(records, at)) {
    const h = readBatchHeader(records, at);
    if (isControlBatch(h.attributes)) return { errorCode: ErrorCode.INVALID_RECORD, message: 'clients may not write control batches; transactions end with EndTxn' };
    if (!isTransactionalBatch(h.attributes)) continue;
    const m = txn.byProducer(h.producerId);
    if (m && h.producerEpoch < m.producerEpoch) {
      return {
        errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
        message: `producer ${h.producerId} sent epoch ${h.producerEpoch}, but ${m.transactionalId} is at epoch ${m.producerEpoch}; a newer instance has fenced this one`,
      };
    }
    if (!m || m.producerEpoch !== h.producerEpoch || m.state !== 'Ongoing' || !hasPartition(m, topic, partition)) {
      return {
        errorCode: ErrorCode.INVALID_TXN_STATE,
        message: `producer ${h.producerId} wrote a transactional batch to ${topic}-${partition}, which is not in an open transaction of it; add the partition with AddPartitionsToTxn first`,
      };
    }
  }
  return null;
}

/**
 * Whether a partition's records open with a transactional batch: Kafka then
 * requires the Produce to name its transactional id, and refuses the whole
 * request with TRANSACTIONAL_ID_AUTHORIZATION_FAILED when it does not.
 * Records too short or malformed to tell are left to the batch validation.
 */
export function startsTransactional(records: Buffer | null): boolean {
  if (!records || typeof checkBatchAt(records, 0) !== 'number') return false;
  return isTransactionalBatch(readBatchHeader(records).attributes);
}
