import { FetchFailedError, OffsetOutOfRangeError, type Fetcher } from '../../client/index.js';
import type { SourceRecord } from '../records.js';
import type { StreamTask } from '../task/stream-task.js';
import { cleanupTombstones, decodeOwner, dropFencedWrites, encodeOwner, NO_OWNER, OWNER_HEADER, plainKey, type OwnedRecord } from './changelog-owner.js';
import { InternalRecordsLostError } from './errors.js';
import type { Output } from './output.js';

export interface Restored {
  /** Input topic → next offset the restored state reflects; undefined when the changelog held no checkpoint. */
  readonly positions: ReadonlyMap<string, number> | undefined;
  /** The owner stamp this instance writes the task's changelog under. */
  readonly owner: Buffer;
  /** Changelog records read. */
  readonly records: number;
}

/**
 * Rebuilds a task's state from its whole changelog partition, dropping what fenced-off
 * owners wrote, then claims the task: a full snapshot under a higher owner, so that an
 * instance that lost the task and still has a checkpoint in flight cannot corrupt it.
 * Then a tombstone for every older key, so the compacted changelog keeps only what the
 * new owner wrote (and whatever a zombie writes later, which restores drop).
 */
export async function restoreTask(task: StreamTask, fetcher: Fetcher, output: Output, generation: number): Promise<Restored> {
  const topic = task.changelogTopic;
  if (topic === undefined) return { positions: undefined, owner: encodeOwner(NO_OWNER), records: 0 };
  const { owned, onTopic } = await readPartition(fetcher, topic, task.partition);
  const { records, latest } = dropFencedWrites(owned);
  const positions = task.restore(records);
  for (const source of task.sourceChangelogs) {
    task.restoreFromSource(source, await readSource(fetcher, source, task.partition, positions?.get(source) ?? 0));
  }
  const owner = encodeOwner({ epoch: latest.epoch + 1, generation });
  await output.appendChangelog(topic, task.partition, task.snapshot().changelog, owner);
  // Only once the snapshot is acknowledged: until then the older records are the state.
  await output.appendCleanup(topic, task.partition, cleanupTombstones(onTopic));
  return { positions, owner, records: owned.length };
}

/**
 * The partition's records: those with an owner (keys made version 1 again) for the restore,
 * and every record as keyed on the topic for the cleanup. Records with no owner header are
 * earlier claims' cleanup tombstones: only the cleaner needs them.
 */
async function readPartition(fetcher: Fetcher, topic: string, partition: number): Promise<{ owned: OwnedRecord[]; onTopic: { key: Buffer; value: Buffer | null }[] }> {
  const owned: OwnedRecord[] = [];
  const onTopic: { key: Buffer; value: Buffer | null }[] = [];
  let offset = 0;
  for (;;) {
    const [answer] = await fetcher.fetch([{ topic, partition, offset }], 0);
    if (answer === undefined) return { owned, onTopic };
    if (answer.error instanceof OffsetOutOfRangeError) throw new InternalRecordsLostError(topic, partition, offset, answer.logStartOffset);
    if (answer.error !== undefined) throw new FetchFailedError(topic, partition, answer.error.code, 'the changelog could not be read to restore the task');
    for (const batch of answer.batches) {
      for (const record of batch.records) {
        if (record.offset < offset || record.key === null) continue;
        onTopic.push({ key: record.key, value: record.value });
        const stamp = record.headers.find((h) => h.key === OWNER_HEADER)?.value;
        if (stamp === undefined) continue;
        owned.push({ key: plainKey(record.key), value: record.value, owner: decodeOwner(stamp) });
      }
      offset = Math.max(offset, batch.baseOffset + batch.lastOffsetDelta + 1);
    }
    if (answer.batches.length === 0 || offset >= answer.readableEnd) return { owned, onTopic };
  }
}

/**
 * A table's source topic is its changelog: its records before `upTo`, the position the restored
 * state reflects, rebuild the table. Compaction may have removed the start, so reading begins at
 * the log start; control batches of transactions carry no rows.
 */
async function readSource(fetcher: Fetcher, topic: string, partition: number, upTo: number): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  let offset = 0;
  while (offset < upTo) {
    const [answer] = await fetcher.fetch([{ topic, partition, offset }], 0);
    if (answer === undefined) return out;
    if (answer.error instanceof OffsetOutOfRangeError && answer.logStartOffset > offset) {
      offset = answer.logStartOffset;
      continue;
    }
    if (answer.error !== undefined) throw new FetchFailedError(topic, partition, answer.error.code, 'the source topic of a table could not be read to restore it');
    for (const batch of answer.batches) {
      if (!batch.isControlBatch) {
        for (const record of batch.records) {
          if (record.offset < offset || record.offset >= upTo) continue;
          out.push({ topic, partition, offset: record.offset, timestamp: record.timestamp, key: record.key, value: record.value });
        }
      }
      offset = Math.max(offset, batch.baseOffset + batch.lastOffsetDelta + 1);
    }
    if (answer.batches.length === 0) return out;
  }
  return out;
}
