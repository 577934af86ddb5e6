import type { Logger } from '../../log.js';
import type { RecordBatch } from '../../protocol/records/record-batch.js';
import { isCompacted } from '../configs/cleanup-policy.js';
import { effectiveTopicConfigs } from '../configs/describe-topic-configs.js';
import type { PartitionLog } from '../log/partition-log.js';
import type { Topic, TopicRegistry } from '../topics.js';
import type { TxnPartitions } from '../txn/txn-partitions.js';
import { readCleanerCheckpoint, writeCleanerCheckpoint } from './cleaner-checkpoint.js';
import { cleanerSettings, type CleanerSettings } from './cleaner-settings.js';
import { planCleaning, type CleaningPlan } from './cleaning-plan.js';
import { cleanPartition } from './clean-partition.js';

export interface LogCleanerOptions {
  topics: TopicRegistry;
  txnPartitions: TxnPartitions;
  logger: Logger;
  /** Pause between the end of one pass and the start of the next (Kafka's log.cleaner.backoff.ms). */
  backoffMs: number;
  now?: () => number;
}

interface Candidate {
  topic: Topic;
  partition: number;
  log: PartitionLog;
  plan: CleaningPlan;
  settings: CleanerSettings;
}

/**
 * The background cleaner of compacted topics (cleanup.policy containing `compact`). Every
 * backoffMs it plans each partition's clean from its closed segments below the last stable
 * offset and the checkpoint of its last clean (cleaning-plan.ts), then cleans the due ones,
 * dirtiest first, in slices (clean-partition.ts). Internal topics are left to their owners:
 * the group coordinator rewrites __consumer_offsets itself. A partition whose clean fails is
 * logged and skipped until the broker restarts, as Kafka marks a log uncleanable.
 */
export class LogCleaner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly uncleanable = new WeakSet<PartitionLog>();
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: LogCleanerOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger.child({ component: 'log-cleaner' });
  }

  start(): void {
    this.logger.debug({ backoffMs: this.options.backoffMs }, 'log cleaner started');
    this.schedule();
  }

  /** Ends the loop; resolves once a pass under way has stopped at its next slice, leaving every log whole. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.options.backoffMs);
    this.timer.unref();
  }

  /** One pass: plans every compacted partition, then cleans the due ones, dirtiest first. */
  private async pass(): Promise<void> {
    const due = this.candidates().sort((a, b) => b.plan.dirtyRatio - a.plan.dirtyRatio);
    for (const c of due) {
      if (this.stopped) return;
      await this.clean(c);
    }
  }

  private candidates(): Candidate[] {
    const { topics, txnPartitions } = this.options;
    const found: Candidate[] = [];
    const now = this.now();
    for (const topic of topics.all()) {
      if (topic.internal) continue;
      const effective = effectiveTopicConfigs(topic.configs, topics.brokerConfigs);
      if (!isCompacted(effective)) continue;
      const settings = cleanerSettings(effective);
      topic.partitions.forEach((log, partition) => {
        if (this.uncleanable.has(log)) return;
        // Records of a transaction still open may yet be aborted: the clean stops before them.
        const lso = txnPartitions.lastStableOffset(log);
        const closed = log.closedSegments();
        const stable = closed.findIndex((s) => s.nextOffset > lso);
        const checkpoint = readCleanerCheckpoint(log.dir);
        const plan = planCleaning(stable === -1 ? closed : closed.slice(0, stable), checkpoint.firstDirtyOffset, settings, now, checkpoint.tombstonesDueMs);
        if (plan) found.push({ topic, partition, log, plan, settings });
      });
    }
    return found;
  }

  private async clean({ topic, partition, log, plan, settings }: Candidate): Promise<void> {
    const where = { topic: topic.name, partition };
    const started = this.now();
    this.logger.debug({ ...where, reason: plan.reason, dirtyRatio: plan.dirtyRatio, segments: plan.segments.length }, 'cleaning a compacted partition');
    try {
      const txns = this.options.txnPartitions.of(log);
      const isAborted = (b: RecordBatch) =>
        b.isTransactional && txns.abortedIn(b.baseOffset, b.baseOffset + b.lastOffsetDelta + 1).some((a) => a.producerId === b.producerId && a.firstOffset <= b.baseOffset);
      const result = await cleanPartition({ log, plan, settings, nowMs: started, isAborted, stopping: () => this.stopped, logger: this.logger.child(where) });
      if (!result.complete) {
        this.logger.info({ ...where, segmentsDone: result.segmentsIn }, 'clean stopped early (log changed or broker closing); it resumes on a later pass');
        return;
      }
      writeCleanerCheckpoint(log.dir, { firstDirtyOffset: plan.firstUncleanableOffset, tombstonesDueMs: result.tombstonesDueMs });
      const { segmentsIn, segmentsOut, bytesIn, bytesOut, recordsIn, recordsKept, keys, tombstonesDueMs } = result;
      this.logger.info(
        {
          ...where,
          reason: plan.reason,
          dirtyRatio: Number(plan.dirtyRatio.toFixed(3)),
          firstDirtyOffset: plan.firstDirtyOffset,
          cleanedUpTo: plan.firstUncleanableOffset,
          ...{ segmentsIn, segmentsOut, bytesIn, bytesOut, recordsIn, recordsKept, keys, tombstonesDueMs },
          ms: this.now() - started,
        },
        'cleaned a compacted partition',
      );
    } catch (err) {
      this.uncleanable.add(log);
      this.logger.error({ ...where, err }, 'clean failed; the partition is skipped by the cleaner until the broker restarts (its log is left whole)');
    }
  }
}
