import { FetchFailedError, OffsetOutOfRangeError, type Fetcher } from '../../client/index.js';
import type { StreamTask } from '../task/stream-task.js';
import { decodeOwner, dropFencedWrites, encodeOwner, NO_OWNER, OWNER_HEADER, type OwnedRecord } from './changelog-owner.js';
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
 */
export async function restoreTask(task: StreamTask, fetcher: Fetcher, output: Output, generation: number): Promise<Restored> {
  const topic = task.changelogTopic;
  if (topic === undefined) return { positions: undefined, owner: encodeOwner(NO_OWNER), records: 0 };
  const owned = await readPartition(fetcher, topic, task.partition);
  const { records, latest } = dropFencedWrites(owned);
  const positions = task.restore(records);
  const owner = encodeOwner({ epoch: latest.epoch + 1, generation });
  await output.appendChangelog(topic, task.partition, task.snapshot().changelog, owner);
  return { positions, owner, records: owned.length };
}

async function readPartition(fetcher: Fetcher, topic: string, partition: number): Promise<OwnedRecord[]> {
  const out: OwnedRecord[] = [];
  let offset = 0;
  for (;;) {
    const [answer] = await fetcher.fetch([{ topic, partition, offset }], 0);
    if (answer === undefined) return out;
    if (answer.error instanceof OffsetOutOfRangeError) throw new InternalRecordsLostError(topic, partition, offset, answer.logStartOffset);
    if (answer.error !== undefined) throw new FetchFailedError(topic, partition, answer.error.code, 'the changelog could not be read to restore the task');
    for (const batch of answer.batches) {
      for (const record of batch.records) {
        if (record.offset < offset || record.key === null) continue;
        const owner = decodeOwner(record.headers.find((h) => h.key === OWNER_HEADER)?.value);
        out.push({ key: record.key, value: record.value, owner });
      }
      offset = Math.max(offset, batch.baseOffset + batch.lastOffsetDelta + 1);
    }
    if (answer.batches.length === 0 || offset >= answer.highWatermark) return out;
  }
}
