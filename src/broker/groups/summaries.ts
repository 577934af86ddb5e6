import { ErrorCode } from '../../protocol/error-codes.js';
import type { Group } from './group.js';

export interface GroupListing {
  groupId: string;
  protocolType: string;
  groupState: string;
}

export interface GroupMemberDescription {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface GroupDescription {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  /** The chosen protocol, given only while the group is Stable, as Kafka does. */
  protocolData: string;
  members: GroupMemberDescription[];
}

const EMPTY = Buffer.alloc(0);

export function listing(group: Group): GroupListing {
  return { groupId: group.id, protocolType: group.protocolType ?? '', groupState: group.state };
}

/** Kafka describes members' metadata and assignments only for a stable group; mid-rebalance they are in flux. */
export function describe(group: Group): GroupDescription {
  const stable = group.is('Stable');
  const protocol = stable ? (group.protocolName ?? '') : '';
  return {
    errorCode: ErrorCode.NONE,
    groupId: group.id,
    groupState: group.state,
    protocolType: group.protocolType ?? '',
    protocolData: protocol,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: stable ? m.metadataFor(protocol) : EMPTY,
      memberAssignment: stable ? m.assignment : EMPTY,
    })),
  };
}

/** An unknown group is described as Dead with no error, as Kafka does before DescribeGroups v6. */
export function describeMissing(groupId: string, errorCode: number = ErrorCode.NONE): GroupDescription {
  return { errorCode, groupId, groupState: errorCode === ErrorCode.NONE ? 'Dead' : '', protocolType: '', protocolData: '', members: [] };
}
