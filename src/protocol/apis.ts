import type { ApiSpec } from './schema.js';
// Admin APIs: configs, partitions, records, cluster and log dirs.
import { AlterConfigs } from './schemas/alter-configs.js';
import { AlterPartitionReassignments } from './schemas/alter-partition-reassignments.js';
import { CreateAcls } from './schemas/create-acls.js';
import { CreatePartitions } from './schemas/create-partitions.js';
import { DeleteAcls } from './schemas/delete-acls.js';
import { DescribeAcls } from './schemas/describe-acls.js';
import { DeleteRecords } from './schemas/delete-records.js';
import { DescribeCluster } from './schemas/describe-cluster.js';
import { DescribeConfigs } from './schemas/describe-configs.js';
import { DescribeLogDirs } from './schemas/describe-log-dirs.js';
import { DescribeProducers } from './schemas/describe-producers.js';
import { DescribeTransactions } from './schemas/describe-transactions.js';
import { ElectLeaders } from './schemas/elect-leaders.js';
import { IncrementalAlterConfigs } from './schemas/incremental-alter-configs.js';
import { ListPartitionReassignments } from './schemas/list-partition-reassignments.js';
import { OffsetForLeaderEpoch } from './schemas/offset-for-leader-epoch.js';
import { AddOffsetsToTxn } from './schemas/add-offsets-to-txn.js';
import { AddPartitionsToTxn } from './schemas/add-partitions-to-txn.js';
import { ApiVersions } from './schemas/api-versions.js';
import { CreateTopics } from './schemas/create-topics.js';
import { DeleteGroups } from './schemas/delete-groups.js';
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
import { ListTransactions } from './schemas/list-transactions.js';
import { Metadata } from './schemas/metadata.js';
import { OffsetCommit } from './schemas/offset-commit.js';
import { OffsetDelete } from './schemas/offset-delete.js';
import { OffsetFetch } from './schemas/offset-fetch.js';
import { Produce } from './schemas/produce.js';
import { SaslAuthenticate } from './schemas/sasl-authenticate.js';
import { SaslHandshake } from './schemas/sasl-handshake.js';
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
    DeleteGroups,
    OffsetDelete,
    AlterConfigs,
    AlterPartitionReassignments,
    CreatePartitions,
    DeleteRecords,
    DescribeCluster,
    DescribeConfigs,
    DescribeLogDirs,
    ElectLeaders,
    IncrementalAlterConfigs,
    ListPartitionReassignments,
    OffsetForLeaderEpoch,
    AddPartitionsToTxn,
    AddOffsetsToTxn,
    EndTxn,
    TxnOffsetCommit,
    DescribeProducers,
    DescribeTransactions,
    ListTransactions,
    SaslHandshake,
    SaslAuthenticate,
    DescribeAcls,
    CreateAcls,
    DeleteAcls,
  ].map((s) => [s.apiKey, s]),
);

export {
  CreateAcls,
  DeleteAcls,
  DescribeAcls,
  AlterConfigs,
  AlterPartitionReassignments,
  CreatePartitions,
  DeleteRecords,
  DescribeCluster,
  DescribeConfigs,
  DescribeLogDirs,
  DescribeProducers,
  DescribeTransactions,
  ElectLeaders,
  IncrementalAlterConfigs,
  ListPartitionReassignments,
  OffsetForLeaderEpoch,
  AddOffsetsToTxn,
  AddPartitionsToTxn,
  ApiVersions,
  CreateTopics,
  DeleteGroups,
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
  ListTransactions,
  Metadata,
  OffsetCommit,
  OffsetDelete,
  OffsetFetch,
  Produce,
  SaslAuthenticate,
  SaslHandshake,
  SyncGroup,
  TxnOffsetCommit,
};
