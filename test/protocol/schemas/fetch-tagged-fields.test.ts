import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fetch } from '../../../src/protocol/apis.js';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../../../src/protocol/messages.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

function partition(tags: Record<string, unknown>): any {
  return {
    partitionIndex: 0,
    errorCode: 0,
    highWatermark: 10,
    lastStableOffset: 10,
    logStartOffset: 0,
    abortedTransactions: null,
    preferredReadReplica: -1,
    records: null,
    ...tags,
  };
}

function fetchResponse(p: any): any {
  return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [{ topic: 't', partitions: [p] }] };
}

test('Fetch v12 response writes a non-default divergingEpoch as tag 0 and omits default tagged structs', () => {
  const tags = { divergingEpoch: { epoch: 3, endOffset: 7 }, currentLeader: { leaderId: -1, leaderEpoch: -1 } };
  const body = fetchResponse(partition(tags));
  const bytes = Buffer.concat(encodeResponse(Fetch, 12, 5, body).chunks);
  assert.deepEqual(
    [...bytes],
    [
      0, 0, 0, 73, // frame size
      0, 0, 0, 5, // correlation id
      0, // response header v1 tagged fields: none
      0, 0, 0, 0, // throttleTimeMs
      0, 0, // errorCode
      0, 0, 0, 0, // sessionId
      2, // responses: 1 topic
      2, 0x74, // topic "t"
      2, // partitions: 1
      0, 0, 0, 0, // partitionIndex
      0, 0, // errorCode
      0, 0, 0, 0, 0, 0, 0, 10, // highWatermark
      0, 0, 0, 0, 0, 0, 0, 10, // lastStableOffset
      0, 0, 0, 0, 0, 0, 0, 0, // logStartOffset
      0, // abortedTransactions: null compact array
      0xff, 0xff, 0xff, 0xff, // preferredReadReplica -1
      0, // records: null compact bytes
      1, // partition tagged fields: 1 (currentLeader and snapshotId hold defaults)
      0, 13, // tag 0 (divergingEpoch), 13 bytes
      0, 0, 0, 3, // divergingEpoch.epoch
      0, 0, 0, 0, 0, 0, 0, 7, // divergingEpoch.endOffset
      0, // divergingEpoch's own tagged fields: a flexible struct always ends with them
      0, // topic tagged fields
      0, // body tagged fields
    ],
  );
  const back = decodeResponse(Fetch, 12, bytes.subarray(4)).body.responses[0].partitions[0];
  assert.deepEqual(back.divergingEpoch, { epoch: 3, endOffset: 7 });
  assert.deepEqual(back.currentLeader, { leaderId: -1, leaderEpoch: -1 });
  assert.deepEqual(back.snapshotId, { endOffset: -1, epoch: -1 });
});

test('Fetch v12 response keeps every tagged struct with non-default values', () => {
  const tags = {
    divergingEpoch: { epoch: 4, endOffset: 2 ** 35 },
    currentLeader: { leaderId: 1, leaderEpoch: 9 },
    snapshotId: { endOffset: 100, epoch: 2 },
  };
  const bytes = Buffer.concat(encodeResponse(Fetch, 12, 6, fetchResponse(partition(tags))).chunks);
  const back = decodeResponse(Fetch, 12, bytes.subarray(4)).body.responses[0].partitions[0];
  assert.deepEqual(
    { divergingEpoch: back.divergingEpoch, currentLeader: back.currentLeader, snapshotId: back.snapshotId },
    tags,
  );
});

test('Fetch v11 response has no tagged fields: v12 tags fall back to their defaults', () => {
  const body = fetchResponse(partition({ divergingEpoch: { epoch: 4, endOffset: 2 } }));
  const bytes = Buffer.concat(encodeResponse(Fetch, 11, 7, body).chunks);
  const back = decodeResponse(Fetch, 11, bytes.subarray(4)).body.responses[0]!.partitions[0]!;
  // Not part of the v11 type; the decoder still fills it, for handlers that serve v11 and v12 alike.
  assert.deepEqual((back as Record<string, unknown>).divergingEpoch, { epoch: -1, endOffset: -1 });
});

test('Fetch v12 request carries clusterId as tag 0 of the body', () => {
  const body = {
    clusterId: 'k',
    replicaId: -1,
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: 1024,
    isolationLevel: 1,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [],
    forgottenTopicsData: [],
    rackId: '',
  };
  const header = { apiKey: 1, apiVersion: 12, correlationId: 8, clientId: 'c' };
  const bytes = Buffer.concat(encodeRequest(Fetch, header, body).chunks);
  // The body ends with: empty topics, empty forgottenTopicsData, empty rackId, then 1 tag: tag 0, 2 bytes, "k".
  assert.deepEqual([...bytes.subarray(-8)], [1, 1, 1, 1, 0, 2, 2, 0x6b]);
  assert.deepEqual(decodeRequest(Fetch, bytes.subarray(4)).body, body);
});
