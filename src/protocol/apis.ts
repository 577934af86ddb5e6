import type { ApiSpec } from './schema.js';
import { ApiVersions } from './schemas/api-versions.js';
import { CreateTopics } from './schemas/create-topics.js';
import { DeleteGroups } from './schemas/delete-groups.js';
import { DeleteTopics } from './schemas/delete-topics.js';
import { DescribeGroups } from './schemas/describe-groups.js';
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
import { OffsetDelete } from './schemas/offset-delete.js';
import { OffsetFetch } from './schemas/offset-fetch.js';
import { Produce } from './schemas/produce.js';
import { SyncGroup } from './schemas/sync-group.js';

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
    DeleteGroups,
    OffsetDelete,
  ].map((s) => [s.apiKey, s]),
);

export {
  ApiVersions,
  CreateTopics,
  DeleteGroups,
  DeleteTopics,
  DescribeGroups,
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
  OffsetDelete,
  OffsetFetch,
  Produce,
  SyncGroup,
};
