import { addOffsetsToTxnHandler } from './add-offsets-to-txn.js';
import { addPartitionsToTxnHandler } from './add-partitions-to-txn.js';
import { apiVersionsHandler } from './api-versions.js';
import { createAclsHandler } from './create-acls.js';
import { createTopicsHandler } from './create-topics.js';
import { deleteAclsHandler } from './delete-acls.js';
import { describeAclsHandler } from './describe-acls.js';
import { deleteGroupsHandler } from './delete-groups.js';
import { deleteTopicsHandler } from './delete-topics.js';
import { describeGroupsHandler } from './describe-groups.js';
import { endTxnHandler } from './end-txn.js';
import { fetchHandler } from './fetch.js';
import { findCoordinatorHandler } from './find-coordinator.js';
import { heartbeatHandler } from './heartbeat.js';
import { initProducerIdHandler } from './init-producer-id.js';
import { joinGroupHandler } from './join-group.js';
import { leaveGroupHandler } from './leave-group.js';
import { listGroupsHandler } from './list-groups.js';
import { listOffsetsHandler } from './list-offsets.js';
import { metadataHandler } from './metadata.js';
import { offsetCommitHandler } from './offset-commit.js';
import { offsetDeleteHandler } from './offset-delete.js';
import { offsetFetchHandler } from './offset-fetch.js';
import { produceHandler } from './produce.js';
import { saslAuthenticateHandler } from './sasl-authenticate.js';
import { saslHandshakeHandler } from './sasl-handshake.js';
import { syncGroupHandler } from './sync-group.js';
// Admin APIs: configs, partitions, records, cluster and log dirs.
import { alterConfigsHandler } from './alter-configs.js';
import { alterPartitionReassignmentsHandler } from './alter-partition-reassignments.js';
import { createPartitionsHandler } from './create-partitions.js';
import { deleteRecordsHandler } from './delete-records.js';
import { describeClusterHandler } from './describe-cluster.js';
import { describeConfigsHandler } from './describe-configs.js';
import { describeLogDirsHandler } from './describe-log-dirs.js';
import { describeProducersHandler } from './describe-producers.js';
import { describeTransactionsHandler } from './describe-transactions.js';
import { electLeadersHandler } from './elect-leaders.js';
import { incrementalAlterConfigsHandler } from './incremental-alter-configs.js';
import { listPartitionReassignmentsHandler } from './list-partition-reassignments.js';
import { listTransactionsHandler } from './list-transactions.js';
import { offsetForLeaderEpochHandler } from './offset-for-leader-epoch.js';
import { txnOffsetCommitHandler } from './txn-offset-commit.js';
import type { ServedApi } from './types.js';

/** Every API the broker serves; each handler is typed by its own spec. */
const SERVED: ServedApi[] = [
  apiVersionsHandler,
  metadataHandler,
  produceHandler,
  fetchHandler,
  listOffsetsHandler,
  createTopicsHandler,
  deleteTopicsHandler,
  findCoordinatorHandler,
  joinGroupHandler,
  syncGroupHandler,
  heartbeatHandler,
  leaveGroupHandler,
  offsetCommitHandler,
  offsetFetchHandler,
  listGroupsHandler,
  describeGroupsHandler,
  initProducerIdHandler,
  deleteGroupsHandler,
  offsetDeleteHandler,
  alterConfigsHandler,
  alterPartitionReassignmentsHandler,
  createPartitionsHandler,
  deleteRecordsHandler,
  describeClusterHandler,
  describeConfigsHandler,
  describeLogDirsHandler,
  electLeadersHandler,
  incrementalAlterConfigsHandler,
  listPartitionReassignmentsHandler,
  offsetForLeaderEpochHandler,
  addPartitionsToTxnHandler,
  addOffsetsToTxnHandler,
  endTxnHandler,
  txnOffsetCommitHandler,
  describeProducersHandler,
  describeTransactionsHandler,
  listTransactionsHandler,
  saslHandshakeHandler,
  saslAuthenticateHandler,
  describeAclsHandler,
  createAclsHandler,
  deleteAclsHandler,
];

/** Every API the broker serves, by API key. One file per API. */
export const HANDLERS: ReadonlyMap<number, ServedApi> = new Map(SERVED.map((h) => [h.spec.apiKey, h]));

export function advertisedVersions() {
  return [...HANDLERS.values()]
    .map((h) => ({ apiKey: h.spec.apiKey, minVersion: h.minVersion, maxVersion: h.maxVersion }))
    .sort((a, b) => a.apiKey - b.apiKey);
}
