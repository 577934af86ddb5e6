/** A transactional id's state, named as Kafka's TransactionState names them. */
export type TxnState = 'Empty' | 'Ongoing' | 'PrepareCommit' | 'PrepareAbort' | 'CompleteCommit' | 'CompleteAbort';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface PendingOffset {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string;
}

/**
 * Everything the coordinator knows of one transactional id; one record of the
 * transaction-state log holds all of it, so the last record of an id is its state.
 */
export interface TxnMetadata {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  timeoutMs: number;
  state: TxnState;
  partitions: TopicPartition[];
  /** Groups added by AddOffsetsToTxn, with the offsets TxnOffsetCommit left pending until the transaction ends. */
  groups: Record<string, PendingOffset[]>;
  /** When the current transaction started (its first AddPartitions/AddOffsets), for the timeout. */
  txnStartMs: number;
  lastUpdateMs: number;
}

export function hasPartition(m: TxnMetadata, topic: string, partition: number): boolean {
  return m.partitions.some((p) => p.topic === topic && p.partition === partition);
}

export function isPreparing(m: TxnMetadata): boolean {
  return m.state === 'PrepareCommit' || m.state === 'PrepareAbort';
}
