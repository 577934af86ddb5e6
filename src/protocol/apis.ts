import type { ApiSpec } from './schema.js';
import { AddOffsetsToTxn } from './schemas/add-offsets-to-txn.js';
import { AddPartitionsToTxn } from './schemas/add-partitions-to-txn.js';
import { ApiVersions } from './schemas/api-versions.js';
import { CreateTopics } from './schemas/create-topics.js';
import { DeleteTopics } from './schemas/delete-topics.js';
import { DescribeGroups } from './schemas/describe-groups.js';
import { EndTxn } from './schemas/end-txn.js';
import { Fetch } from './schemas/fetch.js';
import { FindCoordinator } from './schemas/find-coordinator.js';
import { Heartbeat } from './schemas/heartbeat.js';
import { InitProducerId } from './schemas/init-producer-id.js';
import { JoinGroup } from './schemas/join-group.js';
import { LeaveGroup } from './schemas/leave-group.js';
import { ListGroups } from './schemas/list-groups.js';
import { ListOffsets } from './schemas/list-offsets.js';
import { Metadata } from './schemas/metadata.js';
import { OffsetCommit } from './schemas/offset-commit.js';
import { OffsetFetch } from './schemas/offset-fetch.js';
import { Produce } from './schemas/produce.js';
import { SyncGroup } from './schemas/sync-group.js';
import { TxnOffsetCommit } from './schemas/txn-offset-commit.js';

/** Every API spec this project knows, by API key. */
export const API_SPECS: ReadonlyMap<number, ApiSpec> = new Map(
  [
    Produce,
    Fetch,
    ListOffsets,
    Metadata,
    OffsetCommit,
    OffsetFetch,
    FindCoordinator,
    JoinGroup,
    Heartbeat,
    LeaveGroup,
    SyncGroup,
    DescribeGroups,
    ListGroups,
    ApiVersions,
    CreateTopics,
    DeleteTopics,
    InitProducerId,
    AddPartitionsToTxn,
    AddOffsetsToTxn,
    EndTxn,
    TxnOffsetCommit,
  ].map((s) => [s.apiKey, s]),
);

export {
  AddOffsetsToTxn,
  AddPartitionsToTxn,
  ApiVersions,
  CreateTopics,
  DeleteTopics,
  DescribeGroups,
  EndTxn,
  Fetch,
  FindCoordinator,
  Heartbeat,
  InitProducerId,
  JoinGroup,
  LeaveGroup,
  ListGroups,
  ListOffsets,
  Metadata,
  OffsetCommit,
  OffsetFetch,
  Produce,
  SyncGroup,
  TxnOffsetCommit,
};
