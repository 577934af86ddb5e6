import assert from 'node:assert/strict';
import { test } from 'node:test';
import { API_SPECS } from '../../../src/protocol/apis.js';
import { parseVersions } from '../../../src/protocol/schema.js';

/** API key → name and the highest version the specs must be able to serve. */
const EXPECTED: [number, string, number][] = [
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
  [18, 'ApiVersions', 3],
  [19, 'CreateTopics', 7],
  [20, 'DeleteTopics', 6],
  [22, 'InitProducerId', 4],
  [24, 'AddPartitionsToTxn', 5],
  [25, 'AddOffsetsToTxn', 4],
  [26, 'EndTxn', 5],
  [28, 'TxnOffsetCommit', 5],
];

test('the registry holds every API under its key, from version 0 to the served maximum', () => {
  assert.deepEqual([...API_SPECS.keys()].sort((a, b) => a - b), EXPECTED.map(([key]) => key));
  for (const [key, name, max] of EXPECTED) {
    const api = API_SPECS.get(key)!;
    assert.equal(api.name, name);
    assert.equal(api.request.name, `${name}Request`);
    assert.equal(api.response.name, `${name}Response`);
    assert.deepEqual(parseVersions(api.request.validVersions), { min: 0, max }, `${name} request`);
    assert.deepEqual(parseVersions(api.response.validVersions), { min: 0, max }, `${name} response`);
  }
});
