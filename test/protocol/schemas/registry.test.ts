import assert from 'node:assert/strict';
import { test } from 'node:test';
import { API_SPECS } from '../../../src/protocol/apis.js';
import { parseVersions } from '../../../src/protocol/schema.js';

/** API key → name, the highest version the specs must be able to serve, and the lowest (0 unless Kafka 4.4 starts later). */
const EXPECTED: [number, string, number, number?][] = [
  [0, 'Produce', 9],
  [1, 'Fetch', 12],
  [2, 'ListOffsets', 5],
  [3, 'Metadata', 9],
  [8, 'OffsetCommit', 8],
  [9, 'OffsetFetch', 8],
  [10, 'FindCoordinator', 4],
  [11, 'JoinGroup', 6],
  [12, 'Heartbeat', 4],
  [13, 'LeaveGroup', 4],
  [14, 'SyncGroup', 4],
  [15, 'DescribeGroups', 5],
  [16, 'ListGroups', 4],
  [17, 'SaslHandshake', 1],
  [18, 'ApiVersions', 3],
  [19, 'CreateTopics', 7],
  [20, 'DeleteTopics', 6],
  [21, 'DeleteRecords', 2],
  [22, 'InitProducerId', 4],
  [23, 'OffsetForLeaderEpoch', 4, 2],
  [24, 'AddPartitionsToTxn', 5],
  [25, 'AddOffsetsToTxn', 4],
  [26, 'EndTxn', 5],
  [28, 'TxnOffsetCommit', 5],
  [29, 'DescribeAcls', 3, 1],
  [30, 'CreateAcls', 3, 1],
  [31, 'DeleteAcls', 3, 1],
  [32, 'DescribeConfigs', 4, 1],
  [33, 'AlterConfigs', 2],
  [35, 'DescribeLogDirs', 5, 1],
  [36, 'SaslAuthenticate', 2],
  [37, 'CreatePartitions', 3],
  [42, 'DeleteGroups', 3],
  [43, 'ElectLeaders', 2],
  [44, 'IncrementalAlterConfigs', 1],
  [45, 'AlterPartitionReassignments', 1],
  [46, 'ListPartitionReassignments', 0],
  [47, 'OffsetDelete', 0],
  [60, 'DescribeCluster', 2],
  [61, 'DescribeProducers', 0],
  [65, 'DescribeTransactions', 0],
  [66, 'ListTransactions', 2],
];

test('the registry holds every API under its key, from its first version to the served maximum', () => {
  assert.deepEqual([...API_SPECS.keys()].sort((a, b) => a - b), EXPECTED.map(([key]) => key));
  for (const [key, name, max, min = 0] of EXPECTED) {
    const api = API_SPECS.get(key)!;
    assert.equal(api.name, name);
    assert.equal(api.request.name, `${name}Request`);
    assert.equal(api.response.name, `${name}Response`);
    assert.deepEqual(parseVersions(api.request.validVersions), { min, max }, `${name} request`);
    assert.deepEqual(parseVersions(api.response.validVersions), { min, max }, `${name} response`);
  }
});
