import { ChangelogFormatError } from '../errors.js';
import type { ChangelogRecord } from '../records.js';
import type { StoreChange, StoreKind } from './state-store.js';

/**
 * A task's changelog: one topic per sub-topology, `<applicationId>-<subtopology>-changelog`,
 * partition = the task's partition. A checkpoint appends the changed entries of all the
 * task's stores, then one marker record. A restore applies entries only up to the last
 * marker, so a checkpoint cut short by a crash leaves no trace.
 *
 * Record key:
 *   byte 0      format version (1)
 *   byte 1      record type: 0 marker, 1 key-value entry, 2 window entry, 3 session entry
 *   entries only:
 *   bytes 2-3   store name length n, uint16 BE
 *   next n      store name, UTF-8
 *   the rest    the store's key layout:
 *                 key-value  key bytes
 *                 window     int64 BE window start, key bytes
 *                 session    int64 BE session start, key bytes
 * Record value:
 *   entries     null = delete; key-value and window: value bytes; session: int64 BE session end, value bytes
 *   marker      UTF-8 JSON of CheckpointMarker
 * Key and value bytes are written by the operator's serdes (JSON unless given).
 *
 * On the topic (compacted) the runtime writes each key with its owner in it (format version 2,
 * runtime/changelog-owner.ts ownedKey) and reads it back as this version-1 key (plainKey).
 */
export const CHANGELOG_FORMAT_VERSION = 1;

const TYPE_MARKER = 0;
const TYPE_BY_KIND: Record<StoreKind, number> = { 'key-value': 1, window: 2, session: 3 };
const KIND_BY_TYPE: Readonly<Record<number, StoreKind>> = { 1: 'key-value', 2: 'window', 3: 'session' };

export interface CheckpointMarker {
  /** Counts up by one per checkpoint of this task. */
  readonly checkpoint: number;
  /** The entries since the previous marker are the whole state, not changes on top of it. */
  readonly full: boolean;
  /** Input topic -> next offset to read in this task's partition; the state reflects everything before it. */
  readonly positions: Readonly<Record<string, number>>;
  /** Records this task has sent to repartition topics so far; the next one carries sequence + 1. */
  readonly sequence: number;
  /** Repartition topic -> upstream partition -> highest sequence applied, to drop re-sent duplicates. */
  readonly dedup: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Operator name -> its scalar progress (watermark, next window end, ...). */
  readonly operators: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export type DecodedChangelogRecord =
  | { readonly type: 'marker'; readonly marker: CheckpointMarker }
  | { readonly type: 'entry'; readonly store: string; readonly kind: StoreKind; readonly change: StoreChange };

export function encodeEntry(store: string, kind: StoreKind, change: StoreChange): ChangelogRecord {
  const name = Buffer.from(store, 'utf8');
  const key = Buffer.allocUnsafe(4 + name.length + change.key.length);
  key[0] = CHANGELOG_FORMAT_VERSION;
  key[1] = TYPE_BY_KIND[kind];
  key.writeUInt16BE(name.length, 2);
  name.copy(key, 4);
  change.key.copy(key, 4 + name.length);
  return { key, value: change.value };
}

export function encodeMarker(marker: CheckpointMarker): ChangelogRecord {
  return {
    key: Buffer.from([CHANGELOG_FORMAT_VERSION, TYPE_MARKER]),
    value: Buffer.from(JSON.stringify(marker), 'utf8'),
  };
}

export function decodeChangelogRecord(record: ChangelogRecord): DecodedChangelogRecord {
  const { key, value } = record;
  if (key.length < 2 || key[0] !== CHANGELOG_FORMAT_VERSION) {
    throw new ChangelogFormatError(
      `changelog record key starts with ${key.subarray(0, 2).toString('hex') || 'nothing'}, not format version ${CHANGELOG_FORMAT_VERSION}; ` +
        'the topic was written by something else or a newer version, so point the job at a fresh application id',
    );
  }
  const type = key[1]!;
  if (type === TYPE_MARKER) {
    if (value === null) throw new ChangelogFormatError('a checkpoint marker has no value; the changelog is damaged, reset it');
    return { type: 'marker', marker: JSON.parse(value.toString('utf8')) as CheckpointMarker };
  }
  const kind = KIND_BY_TYPE[type];
  if (kind === undefined || key.length < 4) {
    throw new ChangelogFormatError(`changelog record type ${type} is unknown; the changelog is damaged or newer, reset it`);
  }
  const nameLength = key.readUInt16BE(2);
  const store = key.toString('utf8', 4, 4 + nameLength);
  return { type: 'entry', store, kind, change: { key: key.subarray(4 + nameLength), value } };
}
