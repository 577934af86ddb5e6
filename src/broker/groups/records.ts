import { codecFor, supportsVersion } from '../../protocol/codec.js';
import type { Decoded, Encodable } from '../../protocol/message-types.js';
import { Reader } from '../../protocol/reader.js';
import type { MessageSpec } from '../../protocol/schema.js';
import { Writer } from '../../protocol/writer.js';

/**
 * The records of `__consumer_offsets`, laid out as Kafka lays them out
 * (a big-endian int16 version, then the struct), so the topic reads the same
 * to tools that know Kafka's format. Keys: version 1 is one committed offset
 * (group, topic, partition), version 2 is a group's metadata. A null value is
 * a tombstone.
 */
const OffsetKey = {
  name: 'OffsetCommitKey',
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [
    { name: 'group', type: 'string', versions: '0-1' },
    { name: 'topic', type: 'string', versions: '0-1' },
    { name: 'partition', type: 'int32', versions: '0-1' },
  ],
} as const satisfies MessageSpec;

const GroupKey = {
  name: 'GroupMetadataKey',
  validVersions: '2',
  flexibleVersions: 'none',
  fields: [{ name: 'group', type: 'string', versions: '2' }],
} as const satisfies MessageSpec;

const OffsetValue = {
  name: 'OffsetCommitValue',
  validVersions: '3',
  flexibleVersions: 'none',
  fields: [
    { name: 'offset', type: 'int64', versions: '3' },
    { name: 'leaderEpoch', type: 'int32', versions: '3' },
    { name: 'metadata', type: 'string', versions: '3' },
    { name: 'commitTimestamp', type: 'int64', versions: '3' },
  ],
} as const satisfies MessageSpec;

const GroupValue = {
  name: 'GroupMetadataValue',
  validVersions: '3',
  flexibleVersions: 'none',
  fields: [
    { name: 'protocolType', type: 'string', versions: '3' },
    { name: 'generation', type: 'int32', versions: '3' },
    { name: 'protocol', type: 'string', versions: '3', nullableVersions: '3' },
    { name: 'leader', type: 'string', versions: '3', nullableVersions: '3' },
    { name: 'currentStateTimestamp', type: 'int64', versions: '3' },
    {
      name: 'members',
      type: '[]MemberMetadata',
      versions: '3',
      fields: [
        { name: 'memberId', type: 'string', versions: '3' },
        { name: 'groupInstanceId', type: 'string', versions: '3', nullableVersions: '3' },
        { name: 'clientId', type: 'string', versions: '3' },
        { name: 'clientHost', type: 'string', versions: '3' },
        { name: 'rebalanceTimeout', type: 'int32', versions: '3' },
        { name: 'sessionTimeout', type: 'int32', versions: '3' },
        { name: 'subscription', type: 'bytes', versions: '3' },
        { name: 'assignment', type: 'bytes', versions: '3' },
      ],
    },
  ],
} as const satisfies MessageSpec;

const OFFSET_KEY_VERSION = 1;
const GROUP_KEY_VERSION = 2;
const VALUE_VERSION = 3;

export interface OffsetKeyData {
  group: string;
  topic: string;
  partition: number;
}

export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
}

export interface StoredMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeout: number;
  sessionTimeout: number;
  subscription: Buffer;
  assignment: Buffer;
}

export interface StoredGroup {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  currentStateTimestamp: number;
  members: StoredMember[];
}

export type OffsetsLogEntry =
  | { kind: 'offset'; key: OffsetKeyData; value: CommittedOffset | null }
  | { kind: 'group'; group: string; value: StoredGroup | null };

export class OffsetsRecordError extends Error {
  override readonly name = 'OffsetsRecordError';
}

function encode<M extends MessageSpec>(spec: M, version: number, value: Encodable<M>): Buffer {
  const w = new Writer(64).int16(version);
  codecFor<M, number>(spec, version).encode(w, value);
  return w.toBuffer();
}

export function offsetKey(key: OffsetKeyData): Buffer {
  return encode(OffsetKey, OFFSET_KEY_VERSION, key);
}

export function groupKey(group: string): Buffer {
  return encode(GroupKey, GROUP_KEY_VERSION, { group });
}

export function offsetValue(value: CommittedOffset): Buffer {
  return encode(OffsetValue, VALUE_VERSION, value);
}

export function groupValue(value: StoredGroup): Buffer {
  return encode(GroupValue, VALUE_VERSION, value);
}

function readVersioned<M extends MessageSpec>(buf: Buffer, spec: M): Decoded<M> {
  const r = new Reader(buf);
  const version = r.int16();
  if (!supportsVersion(spec, version)) throw new OffsetsRecordError(`${spec.name} version ${version} was not written by this broker`);
  return codecFor<M, number>(spec, version).decode(r);
}

/** Decodes one record of the offsets topic; throws OffsetsRecordError on a record we did not write. */
export function decodeOffsetsRecord(key: Buffer | null, value: Buffer | null): OffsetsLogEntry {
  if (!key || key.length < 2) throw new OffsetsRecordError('a record of the offsets topic has no key');
  const keyVersion = key.readInt16BE(0);
  if (keyVersion === 0 || keyVersion === OFFSET_KEY_VERSION) {
    const k = readVersioned(key, OffsetKey);
    if (value === null) return { kind: 'offset', key: k, value: null };
    return { kind: 'offset', key: k, value: readVersioned(value, OffsetValue) };
  }
  if (keyVersion === GROUP_KEY_VERSION) {
    const { group } = readVersioned(key, GroupKey);
    if (value === null) return { kind: 'group', group, value: null };
    return { kind: 'group', group, value: readVersioned(value, GroupValue) };
  }
  throw new OffsetsRecordError(`unknown offsets-topic key version ${keyVersion}`);
}
