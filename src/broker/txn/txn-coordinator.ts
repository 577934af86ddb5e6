import type { Logger } from '../../log.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { FetchWaiters } from '../fetch-waiters.js';
import type { GroupCoordinator } from '../groups/coordinator.js';
import { isStorageFailure } from '../log/errors.js';
import { OncePerMinute } from '../log/once-per-minute.js';
import type { IdempotentProducers } from '../producers/idempotent-producers.js';
import type { TopicRegistry } from '../topics.js';
import { encodeMarker, type TxnOutcome } from './control-batch.js';
import type { TxnPartitions } from './txn-partitions.js';
import { hasPartition, isPreparing, type PendingOffset, type TopicPartition, type TxnMetadata } from './txn-metadata.js';
import { TxnStateLog } from './txn-state-log.js';

/** Kafka's transaction.max.timeout.ms default. */
export const MAX_TRANSACTION_TIMEOUT_MS = 900_000;
/** Past this epoch a producer gets a new id, as Kafka does before the int16 runs out. */
const MAX_EPOCH = 32_766;

export interface TxnCoordinatorDeps {
  dataDir: string;
  fsync: boolean;
  topics: TopicRegistry;
  partitions: TxnPartitions;
  producers: IdempotentProducers;
  groups: GroupCoordinator;
  waiters: FetchWaiters;
  logger: Logger;
}

export type InitResult = { errorCode: number; producerId: number; producerEpoch: number };

/** The identity a transactional request claims, checked against the coordinator's state. */
export interface TxnClaim {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
}

/**
 * The transaction coordinator of this single node (KIP-98, transaction.version 1):
 * producer ids and epochs per transactional id, the partitions and groups of each
 * open transaction, and the two-phase end of a transaction: the decision
 * (PrepareCommit/PrepareAbort) is made durable first, then markers go into every
 * partition and pending offsets become committed, then the transaction is
 * complete. A crash in between is finished at recovery, so a transaction ends
 * whole either way. Ongoing transactions survive a restart and are aborted
 * when they time out, as in Kafka.
 */
export class TransactionCoordinator {
  private readonly txns: Map<string, TxnMetadata>;
  private readonly byProducerId = new Map<number, TxnMetadata>();
  private readonly log: TxnStateLog;
  /**
   * When this run recovered the state: a transaction open at the restart has its
   * timeout counted again from here (its producer may still be alive and finish),
   * while its start time stays what DescribeTransactions and ListTransactions report.
   */
  private readonly recoveredAtMs = Date.now();
  private recovered = false;
  private readonly storageWarnings = new OncePerMinute();

  constructor(private readonly deps: TxnCoordinatorDeps) {
    this.log = new TxnStateLog(deps.dataDir, deps.fsync, deps.logger);
    this.txns = this.log.recover();
    for (const m of this.txns.values()) this.byProducerId.set(m.producerId, m);
  }

  /** Ends what a crash left half-ended: a durable decision is carried out before any request is served. */
  recover(): void {
    this.recovered = true;
    for (const m of this.txns.values()) this.finishDecided(m);
    const ongoing = [...this.txns.values()].filter((m) => m.state === 'Ongoing').length;
    if (this.txns.size > 0) this.deps.logger.info({ transactionalIds: this.txns.size, ongoing }, 'transaction state recovered');
  }

  get(transactionalId: string): TxnMetadata | undefined {
    return this.txns.get(transactionalId);
  }

  all(): TxnMetadata[] {
    return [...this.txns.values()];
  }

  byProducer(producerId: number): TxnMetadata | undefined {
    return this.byProducerId.get(producerId);
  }

  initProducerId(transactionalId: string, timeoutMs: number, claimedId: number, claimedEpoch: number): InitResult {
    const fail = (errorCode: number): InitResult => ({ errorCode, producerId: -1, producerEpoch: -1 });
    if (transactionalId === '') return fail(ErrorCode.INVALID_REQUEST);
    if (timeoutMs <= 0 || timeoutMs > MAX_TRANSACTION_TIMEOUT_MS) return fail(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    const now = Date.now();
    let m = this.txns.get(transactionalId);
    if (!m) {
      m = {
        transactionalId,
        producerId: this.deps.producers.initProducerId().producerId,
        producerEpoch: 0,
        timeoutMs,
        state: 'Empty',
        partitions: [],
        groups: {},
        txnStartMs: -1,
        lastUpdateMs: now,
      };
      this.txns.set(transactionalId, m);
      this.byProducerId.set(m.producerId, m);
      this.store(m);
      return { errorCode: ErrorCode.NONE, producerId: m.producerId, producerEpoch: m.producerEpoch };
    }
    // KIP-360: a producer that says who it was may only re-initialise if it is the current one.
    if (claimedId >= 0 && (claimedId !== m.producerId || claimedEpoch !== m.producerEpoch)) return fail(ErrorCode.PRODUCER_FENCED);
    if (isPreparing(m)) return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
    // A new instance fences the old: its open transaction is aborted under a bumped epoch, so the zombie's writes are refused.
    if (m.state === 'Ongoing') this.abortFenced(m, 'a new producer instance initialised the transactional id');
    this.bumpEpoch(m);
    m.state = 'Empty';
    m.timeoutMs = timeoutMs;
    m.partitions = [];
    m.groups = {};
    m.txnStartMs = -1;
    m.lastUpdateMs = now;
    this.store(m);
    return { errorCode: ErrorCode.NONE, producerId: m.producerId, producerEpoch: m.producerEpoch };
  }

  /** NONE when the claim is the current producer of a known id, else Kafka's error for the mismatch. */
  check(claim: TxnClaim): { errorCode: number; txn?: TxnMetadata } {
    const m = this.txns.get(claim.transactionalId);
    if (!m || m.producerId !== claim.producerId) return { errorCode: ErrorCode.INVALID_PRODUCER_ID_MAPPING };
    if (m.producerEpoch !== claim.producerEpoch) return { errorCode: ErrorCode.PRODUCER_FENCED };
    if (isPreparing(m)) return { errorCode: ErrorCode.CONCURRENT_TRANSACTIONS };
    return { errorCode: ErrorCode.NONE, txn: m };
  }

  /** Adds partitions (already checked to exist) to the transaction, starting it if needed. */
  addPartitions(m: TxnMetadata, partitions: TopicPartition[]): void {
    const fresh = partitions.filter((p) => !hasPartition(m, p.topic, p.partition));
    if (fresh.length === 0 && m.state === 'Ongoing') return;
    this.begin(m);
    m.partitions.push(...fresh);
    this.store(m);
  }

  addGroup(m: TxnMetadata, groupId: string): void {
    if (m.groups[groupId] && m.state === 'Ongoing') return;
    this.begin(m);
    m.groups[groupId] ??= [];
    this.store(m);
  }

  /** Offsets of TxnOffsetCommit: pending until the transaction commits, dropped if it aborts. */
  addPendingOffsets(m: TxnMetadata, groupId: string, offsets: PendingOffset[]): void {
    const pending = (m.groups[groupId] ??= []);
    for (const o of offsets) {
      const at = pending.findIndex((p) => p.topic === o.topic && p.partition === o.partition);
      if (at >= 0) pending[at] = o;
      else pending.push(o);
    }
    m.lastUpdateMs = Date.now();
    this.store(m);
  }

  /** Whether some open transaction holds offsets for this group's partition not yet committed (for require_stable). */
  hasPendingOffset(groupId: string, topic: string, partition: number): boolean {
    for (const m of this.txns.values()) {
      if (m.state !== 'Ongoing' && !isPreparing(m)) continue;
      if (m.groups[groupId]?.some((o) => o.topic === topic && o.partition === partition)) return true;
    }
    return false;
  }

  /** EndTxn: Kafka's answers for a retry (the same outcome again) and for a mismatched one. */
  endTxn(m: TxnMetadata, outcome: TxnOutcome): number {
    if (m.state === 'Ongoing') {
      m.state = outcome === 'commit' ? 'PrepareCommit' : 'PrepareAbort';
      m.lastUpdateMs = Date.now();
      try {
        this.store(m);
        this.complete(m, outcome);
      } catch (err) {
        if (!isStorageFailure(err)) throw err;
        // Decided, not yet carried out: abortExpired's checks finish it once the disk takes writes. The producer's
        // retry is answered CONCURRENT_TRANSACTIONS until then, and NONE after (Kafka answers a storage error NOT_COORDINATOR).
        this.deps.logger.warn({ transactionalId: m.transactionalId, outcome, err: err.message }, 'could not end a transaction now; it ends once writes succeed');
        return ErrorCode.NOT_COORDINATOR;
      }
      return ErrorCode.NONE;
    }
    if (m.state === 'CompleteCommit' && outcome === 'commit') return ErrorCode.NONE;
    if (m.state === 'CompleteAbort' && outcome === 'abort') return ErrorCode.NONE;
    return ErrorCode.INVALID_TXN_STATE;
  }

  /** Aborts every transaction open longer than its timeout, bumping the epoch so its producer is fenced. */
  abortExpired(now: number): void {
    for (const m of this.txns.values()) {
      // Between requests a transaction is in a Prepare state only when a storage failure stopped its end: it is
      // retried here, once recover() has (it waits for the groups, which a commit's offsets go to).
      if (this.recovered) this.finishDecided(m);
      if (m.state === 'Ongoing' && now - Math.max(m.txnStartMs, this.recoveredAtMs) > m.timeoutMs) {
        this.storageGuarded(m, () => {
          this.abortFenced(m, `open for longer than its transaction.timeout.ms ${m.timeoutMs}`);
          m.lastUpdateMs = now;
          this.store(m);
        });
      }
    }
    this.storageGuarded(null, () => this.log.maybeRewrite(this.all()));
  }

  /** Carries out a decision (PrepareCommit or PrepareAbort) that is stored but whose markers may not all be written. */
  private finishDecided(m: TxnMetadata): void {
    if (m.state === 'PrepareCommit') this.storageGuarded(m, () => this.complete(m, 'commit'));
    else if (m.state === 'PrepareAbort') this.storageGuarded(m, () => this.complete(m, 'abort'));
  }

  /**
   * Runs work from a timer or start-up, where a throw would stop the broker: a storage failure
   * (a full disk) is logged and the work is tried again at the next check.
   */
  private storageGuarded(m: TxnMetadata | null, work: () => void): void {
    try {
      work();
    } catch (err) {
      if (!isStorageFailure(err)) throw err;
      const held = this.storageWarnings.take(Date.now());
      if (held !== null) this.deps.logger.warn({ transactionalId: m?.transactionalId, err: err.message, heldBack: held }, 'transaction bookkeeping could not be written; retried at the next check (at most one such warning a minute)');
    }
  }

  private begin(m: TxnMetadata): void {
    if (m.state === 'Ongoing') return;
    m.state = 'Ongoing';
    m.partitions = [];
    m.groups = {};
    m.txnStartMs = Date.now();
    m.lastUpdateMs = m.txnStartMs;
  }

  private abortFenced(m: TxnMetadata, why: string): void {
    this.bumpEpoch(m);
    m.state = 'PrepareAbort';
    this.store(m);
    this.complete(m, 'abort');
    this.deps.logger.warn({ transactionalId: m.transactionalId, producerId: m.producerId, epoch: m.producerEpoch }, `aborted a transaction ${why}; its producer is fenced`);
  }

  private bumpEpoch(m: TxnMetadata): void {
    if (m.producerEpoch < MAX_EPOCH) {
      m.producerEpoch++;
      return;
    }
    this.byProducerId.delete(m.producerId);
    m.producerId = this.deps.producers.initProducerId().producerId;
    m.producerEpoch = 0;
    this.byProducerId.set(m.producerId, m);
  }

  /** Writes the markers, applies or drops the offsets, and records the transaction complete. Safe to repeat. */
  private complete(m: TxnMetadata, outcome: TxnOutcome): void {
    const now = Date.now();
    for (const p of m.partitions) {
      const log = this.deps.topics.partition(p.topic, p.partition);
      // A topic deleted meanwhile has nothing left to mark.
      if (!log) continue;
      const marker = encodeMarker(outcome, m.producerId, m.producerEpoch, now);
      const appended = log.append(marker, { sync: this.deps.fsync });
      this.deps.producers.appended(log, marker);
      this.deps.partitions.of(log).noteMarker(m.producerId, outcome, appended.baseOffset);
      this.deps.waiters.notify(p.topic, p.partition);
    }
    if (outcome === 'commit') {
      for (const [groupId, offsets] of Object.entries(m.groups)) this.deps.groups.storeTransactionalOffsets(groupId, offsets);
    }
    m.state = outcome === 'commit' ? 'CompleteCommit' : 'CompleteAbort';
    // Every partition has its marker, so a complete transaction holds none, as in Kafka: DescribeTransactions lists no partitions for it.
    m.partitions = [];
    m.lastUpdateMs = now;
    this.store(m);
  }

  private store(m: TxnMetadata): void {
    this.log.append(m);
  }
}
