import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from '../../log.js';
import { checkBatchAt, Off } from '../../protocol/records/batch-header.js';
import { decodeRecordBatches, encodeRecordBatch } from '../../protocol/records/record-batch.js';
import type { FetchWaiters } from '../fetch-waiters.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { isSystemError, LogStorageError } from '../log/errors.js';
import { writeAll } from '../log/file-io.js';
import type { PartitionLog } from '../log/partition-log.js';
import { TopicError, type TopicRegistry } from '../topics.js';
import { decodeOffsetsRecord, groupKey, groupValue, offsetKey, offsetValue, type OffsetsLogEntry } from './records.js';

export const OFFSETS_TOPIC = '__consumer_offsets';

/**
 * One partition is enough on a single node. Time and size retention are off:
 * only the coordinator decides what is dropped, by tombstones and rewrites.
 */
const TOPIC_CONFIGS = { 'cleanup.policy': 'compact', 'retention.ms': '-1', 'retention.bytes': '-1', 'segment.bytes': String(100 * 1024 * 1024) };
const REPLAY_CHUNK_BYTES = 1024 * 1024;
const RECORDS_PER_BATCH = 500;
const REWRITE_FILE = `${OFFSETS_TOPIC}.rewrite`;

export class OffsetsLogError extends Error {
  override readonly name = 'OffsetsLogError';
}

function encodeEntry(e: OffsetsLogEntry, timestamp: number) {
  if (e.kind === 'offset') return { key: offsetKey(e.key), value: e.value && offsetValue(e.value), timestamp };
  return { key: groupKey(e.group), value: e.value && groupValue(e.value), timestamp };
}

function encodeBatches(entries: OffsetsLogEntry[], now: number): Buffer {
  const batches: Buffer[] = [];
  for (let i = 0; i < entries.length; i += RECORDS_PER_BATCH) {
    batches.push(encodeRecordBatch({ records: entries.slice(i, i + RECORDS_PER_BATCH).map((e) => encodeEntry(e, now)) }));
  }
  return Buffer.concat(batches);
}

/**
 * The internal compacted topic `__consumer_offsets`, in Kafka's record format.
 * Every commit and every group metadata change is appended; a null value is a
 * tombstone. Instead of Kafka's background cleaner, the coordinator rewrites
 * the topic with only its latest values once it is mostly superseded records
 * (see rewrite()).
 */
export class OffsetsLog {
  /** Records in the topic now, superseded or not; compared with the live count to decide on a rewrite. */
  recordCount = 0;

  constructor(
    private readonly dataDir: string,
    private readonly topics: TopicRegistry,
    private readonly waiters: FetchWaiters,
    private readonly sync: boolean,
    private readonly logger: Logger,
  ) {}

  private partition(): PartitionLog | undefined {
    return this.topics.partition(OFFSETS_TOPIC, 0);
  }

  /** Creates the topic on first use; a full disk then throws LogStorageError, as the append itself would. */
  private partitionOrCreate(): PartitionLog {
    const log = this.partition();
    if (log) return log;
    try {
      return this.topics.create(OFFSETS_TOPIC, 1, TOPIC_CONFIGS, true).partitions[0]!;
    } catch (err) {
      if (!(err instanceof TopicError) || err.code !== ErrorCode.KAFKA_STORAGE_ERROR) throw err;
      throw new LogStorageError(join(this.dataDir, `${OFFSETS_TOPIC}-0`), false, isSystemError(err.cause) ? err.cause.code! : 'unknown', { cause: err });
    }
  }

  append(entries: OffsetsLogEntry[]): void {
    if (entries.length === 0) return;
    this.partitionOrCreate().append(encodeBatches(entries, Date.now()), { sync: this.sync });
    this.recordCount += entries.length;
    this.waiters.notify(OFFSETS_TOPIC, 0);
  }

  /** Calls `visit` with every record in log order, yielding to the event loop between chunks; stops early when `stopped()` says so. */
  async replay(visit: (entry: OffsetsLogEntry) => void, stopped: () => boolean): Promise<void> {
    this.finishInterruptedRewrite();
    const log = this.partition();
    this.recordCount = 0;
    if (!log) return;
    let offset = log.logStartOffset;
    while (offset < log.logEndOffset && !stopped()) {
      const batches = decodeRecordBatches(log.read(offset, REPLAY_CHUNK_BYTES));
      if (batches.length === 0) throw new OffsetsLogError(`no whole batch at offset ${offset} of ${OFFSETS_TOPIC}; the topic's log is damaged`);
      for (const batch of batches) {
        for (const record of batch.records) {
          if (record.offset < offset) continue;
          this.recordCount++;
          try {
            visit(decodeOffsetsRecord(record.key, record.value));
          } catch (err) {
            this.logger.warn({ offset: record.offset, err: (err as Error).message }, `skipping a record of ${OFFSETS_TOPIC} this broker cannot read`);
          }
        }
        offset = batch.baseOffset + batch.lastOffsetDelta + 1;
      }
      await yieldToEventLoop();
    }
  }

  /**
   * Replaces the topic's content with `live`. The new content is first made
   * durable in a side file, so a crash at any point leaves either the old
   * topic or a side file that the next start-up finishes applying.
   */
  rewrite(live: OffsetsLogEntry[]): void {
    const before = this.recordCount;
    const content = encodeBatches(live, Date.now());
    const path = join(this.dataDir, REWRITE_FILE);
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      // writeAll: a full disk makes a single write short without an error, and a short file would be renamed into place.
      writeAll(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    this.applyRewriteFile(path);
    this.logger.info({ before, after: live.length }, `rewrote ${OFFSETS_TOPIC} with only its latest values`);
  }

  private finishInterruptedRewrite(): void {
    const path = join(this.dataDir, REWRITE_FILE);
    rmSync(`${path}.tmp`, { force: true });
    if (!existsSync(path)) return;
    this.logger.warn(`finishing a rewrite of ${OFFSETS_TOPIC} that a stop interrupted`);
    this.applyRewriteFile(path);
  }

  private applyRewriteFile(path: string): void {
    const content = readFileSync(path);
    let records = 0;
    for (let at = 0; at < content.length; ) {
      const size = checkBatchAt(content, at);
      if (typeof size !== 'number') throw new OffsetsLogError(`${path} is damaged (${size.kind}); remove it to keep the current ${OFFSETS_TOPIC}`);
      records += content.readInt32BE(at + Off.recordCount);
      at += size;
    }
    if (this.partition()) this.topics.delete(OFFSETS_TOPIC);
    const log = this.partitionOrCreate();
    if (content.length > 0) log.append(content, { sync: true });
    else log.flush();
    rmSync(path);
    this.recordCount = records;
    this.waiters.notify(OFFSETS_TOPIC, 0);
  }
}
