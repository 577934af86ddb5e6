import type { ChangelogRecord } from '../records.js';
import { CHANGELOG_FORMAT_VERSION, decodeChangelogRecord } from '../state/changelog-format.js';

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

/**
 * Changelog topics are compacted (cleanup.policy=compact): the broker keeps the latest record
 * of each key. On the topic, a record's key therefore also carries its owner (format version 2:
 * byte 0 = 2, byte 1 = the record type, then the 8 bytes of the owner, then the rest of the
 * version-1 key), so compaction keeps each owner's writes apart: a zombie's late write of a
 * key, or its late marker, never replaces what the task's new owner wrote, which a restore
 * would then drop as fenced and find nothing in its place.
 */
export const OWNED_KEY_VERSION = 2;
const OWNER_BYTES = 8;

/** The key a changelog record is written under: its version-1 key with `owner` in it. */
export function ownedKey(key: Buffer, owner: Buffer): Buffer {
  return Buffer.concat([Buffer.from([OWNED_KEY_VERSION, key[1]!]), owner, key.subarray(2)]);
}

/** The version-1 key (changelog-format.ts) of a record read from the topic; version-1 keys (older changelogs) as they are. */
export function plainKey(key: Buffer): Buffer {
  if (key[0] !== OWNED_KEY_VERSION || key.length < 2 + OWNER_BYTES) return key;
  return Buffer.concat([Buffer.from([CHANGELOG_FORMAT_VERSION, key[1]!]), key.subarray(2 + OWNER_BYTES)]);
}

/**
 * What a new owner writes after its claim so that compaction can drop everything older: a
 * tombstone for each key of the changelog (as keyed on the topic) whose latest record is not
 * one already. They carry no owner header: a restore skips them (they exist for the cleaner
 * only), and the claim's full snapshot, written before them, already replaces that state.
 */
export function cleanupTombstones(topicRecords: Iterable<{ key: Buffer; value: Buffer | null }>): ChangelogRecord[] {
  const latest = new Map<string, { key: Buffer; live: boolean }>();
  for (const r of topicRecords) latest.set(r.key.toString('latin1'), { key: r.key, live: r.value !== null });
  return [...latest.values()].filter((l) => l.live).map((l) => ({ key: l.key, value: null }));
}
