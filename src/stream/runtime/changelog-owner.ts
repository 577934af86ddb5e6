import type { ChangelogRecord } from '../records.js';
import { decodeChangelogRecord } from '../state/changelog-format.js';

/**
 * Every changelog record the runtime writes carries the owner that wrote it, so that a
 * restore can ignore an instance that lost the task in a rebalance but still had a
 * checkpoint on its way to the broker (a zombie). A new owner first writes a full
 * snapshot under a higher owner; records of a lower owner after it are dropped.
 */
export const OWNER_HEADER = 'streamdash.owner';

export interface Owner {
  /** One more than the highest epoch in the changelog when the owner took the task. */
  readonly epoch: number;
  /** The consumer group generation that gave it the task: breaks ties between owners that read the same changelog. */
  readonly generation: number;
}

export const NO_OWNER: Owner = { epoch: 0, generation: 0 };

export function encodeOwner(owner: Owner): Buffer {
  const out = Buffer.allocUnsafe(8);
  out.writeInt32BE(owner.epoch, 0);
  out.writeInt32BE(owner.generation, 4);
  return out;
}

export function decodeOwner(value: Buffer | null | undefined): Owner {
  if (value === null || value === undefined || value.length !== 8) return NO_OWNER;
  return { epoch: value.readInt32BE(0), generation: value.readInt32BE(4) };
}

export function compareOwners(a: Owner, b: Owner): number {
  return a.epoch - b.epoch || a.generation - b.generation;
}

export interface OwnedRecord extends ChangelogRecord {
  readonly owner: Owner;
}

/**
 * The records a restore may apply, in order: a record from an owner lower than one seen
 * before it is a zombie's and is dropped; when a higher owner appears, the unfinished
 * checkpoint of the previous one (entries with no marker yet) is dropped too.
 */
export function dropFencedWrites(records: Iterable<OwnedRecord>): { records: ChangelogRecord[]; latest: Owner } {
  const kept: ChangelogRecord[] = [];
  let pending: ChangelogRecord[] = [];
  let latest = NO_OWNER;
  for (const record of records) {
    const order = compareOwners(record.owner, latest);
    if (order < 0) continue;
    if (order > 0) {
      pending = [];
      latest = record.owner;
    }
    pending.push({ key: record.key, value: record.value });
    if (decodeChangelogRecord(record).type === 'marker') {
      for (const r of pending) kept.push(r);
      pending = [];
    }
  }
  for (const r of pending) kept.push(r);
  return { records: kept, latest };
}
