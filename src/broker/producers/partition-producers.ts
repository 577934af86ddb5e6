import { ErrorCode } from '../../protocol/error-codes.js';
import { Attr, batchSizeAt, readBatchHeader, type BatchHeader } from '../../protocol/records/batch-header.js';
import { MARKER_COORDINATOR_EPOCH } from '../txn/control-batch.js';

/** Kafka keeps the last five batches per producer: a client never has more than five requests in flight. */
const CACHED_BATCHES = 5;
const INT32_MAX = 2147483647;

interface CachedBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  batches: CachedBatch[];
  /** The max timestamp of its last batch or marker, as Kafka's ProducerStateEntry keeps it. */
  lastTimestamp: number;
  /** The coordinator epoch of its last marker; -1 until one is written. */
  coordinatorEpoch: number;
}

/** One producer as DescribeProducers reports it. */
export interface ProducerSnapshot {
  producerId: number;
  producerEpoch: number;
  /** -1 when no data batch is cached under the current epoch. */
  lastSequence: number;
  lastTimestamp: number;
  coordinatorEpoch: number;
}

export type SequenceVerdict =
  | { kind: 'append' }
  /** Already stored: answer with the offset it got then, and store nothing. */
  | { kind: 'duplicate'; baseOffset: number }
  | { kind: 'reject'; errorCode: number; message: string };

/** Sequences wrap from int32 max to 0, as the v2 batch format defines. */
function lastSequence(h: BatchHeader): number {
  return h.baseSequence > INT32_MAX - h.lastOffsetDelta ? h.lastOffsetDelta - (INT32_MAX - h.baseSequence) - 1 : h.baseSequence + h.lastOffsetDelta;
}

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

function* idempotentHeaders(records: Buffer): Generator<BatchHeader> {
  for (let at = 0; at < records.length; at += batchSizeAt(records, at)) {
    const header = readBatchHeader(records, at);
    if (header.producerId >= 0) yield header;
  }
}

export function hasIdempotentBatch(records: Buffer): boolean {
  return !idempotentHeaders(records).next().done;
}

/**
 * The idempotent producers that wrote to one partition: each one's epoch and
 * its last few batches' sequence ranges and offsets. A retried batch is
 * recognised by its exact sequence range; any other batch must continue the
 * producer's sequence, or start at 0 under a new epoch.
 */
export class PartitionProducers {
  private readonly producers = new Map<number, ProducerEntry>();

  /** Judges the batches of one produce request in order, as if the earlier ones had been appended. */
  check(records: Buffer): SequenceVerdict {
    const seen = new Map<number, { epoch: number; lastSeq: number }>();
    for (const h of idempotentHeaders(records)) {
      const entry = this.producers.get(h.producerId);
      const lastSeq = lastSequence(h);
      if (!seen.has(h.producerId) && entry?.epoch === h.producerEpoch) {
        const dup = entry.batches.find((b) => b.firstSeq === h.baseSequence && b.lastSeq === lastSeq);
        if (dup) return { kind: 'duplicate', baseOffset: dup.baseOffset };
      }
      const current = seen.get(h.producerId) ?? (entry && { epoch: entry.epoch, lastSeq: entry.batches.at(-1)?.lastSeq ?? -1 });
      // A producer this partition has no state for (new, or older than what was scanned) may start at any sequence, as in Kafka.
      if (current) {
        const problem = this.sequenceProblem(h, current);
        if (problem) return problem;
      }
      seen.set(h.producerId, { epoch: h.producerEpoch, lastSeq });
    }
    return { kind: 'append' };
  }

  private sequenceProblem(h: BatchHeader, current: { epoch: number; lastSeq: number }): SequenceVerdict | null {
    const who = `producer ${h.producerId}`;
    if (h.producerEpoch < current.epoch) {
      return {
        kind: 'reject',
        errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
        message: `${who} sent epoch ${h.producerEpoch}, older than its current epoch ${current.epoch}; a newer instance of this producer has taken over`,
      };
    }
    if (h.producerEpoch > current.epoch) {
      if (h.baseSequence === 0) return null;
      return {
        kind: 'reject',
        errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `${who} started epoch ${h.producerEpoch} at sequence ${h.baseSequence}; a new epoch must start at 0`,
      };
    }
    if (inSequence(current.lastSeq, h.baseSequence)) return null;
    return {
      kind: 'reject',
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      message: `${who} sent sequence ${h.baseSequence} but the partition expects ${current.lastSeq + 1}; batches were lost in between`,
    };
  }

  /** Notes the batches of `records` once appended (their base offsets assigned). */
  appended(records: Buffer): void {
    for (const h of idempotentHeaders(records)) this.note(h);
  }

  /** Notes one stored batch, e.g. read back from the log's batch headers at start-up. */
  note(h: BatchHeader): void {
    if (h.producerId < 0) return;
    let entry = this.producers.get(h.producerId);
    if (!entry || entry.epoch !== h.producerEpoch) {
      entry = { epoch: h.producerEpoch, batches: [], lastTimestamp: -1, coordinatorEpoch: entry?.coordinatorEpoch ?? -1 };
      this.producers.set(h.producerId, entry);
    }
    entry.lastTimestamp = h.maxTimestamp;
    // A transaction marker carries the producer's epoch but no sequence: the producer's sequence goes on across it.
    if ((h.attributes & Attr.control) !== 0) {
      entry.coordinatorEpoch = MARKER_COORDINATOR_EPOCH;
      return;
    }
    entry.batches.push({ firstSeq: h.baseSequence, lastSeq: lastSequence(h), baseOffset: h.baseOffset });
    if (entry.batches.length > CACHED_BATCHES) entry.batches.shift();
  }

  /** Every producer this partition holds state for, by producer id. */
  describe(): ProducerSnapshot[] {
    return [...this.producers]
      .sort(([a], [b]) => a - b)
      .map(([producerId, e]) => ({
        producerId,
        producerEpoch: e.epoch,
        lastSequence: e.batches.at(-1)?.lastSeq ?? -1,
        lastTimestamp: e.lastTimestamp,
        coordinatorEpoch: e.coordinatorEpoch,
      }));
  }
}
