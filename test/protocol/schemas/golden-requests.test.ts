import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FindCoordinator, Metadata, Produce } from '../../../src/protocol/apis.js';
import { decodeRequest, encodeRequest } from '../../../src/protocol/messages.js';
import type { ApiSpec } from '../../../src/protocol/schema.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Bytes worked out by hand from Kafka's message specs, not from our encoder. */
function assertGolden(api: ApiSpec, apiVersion: number, correlationId: number, body: any, expected: number[]): void {
  const header = { apiKey: api.apiKey, apiVersion, correlationId, clientId: 'c' };
  const bytes = Buffer.concat(encodeRequest(api, header, body).chunks);
  assert.deepEqual([...bytes], expected);
  const back = decodeRequest(api, bytes.subarray(4));
  assert.deepEqual(back.header, header);
  for (const [name, value] of Object.entries(body)) assert.deepEqual(back.body[name], value, name);
}

test('Metadata v1 request for topic "t"', () => {
  assertGolden(Metadata, 1, 1, { topics: [{ name: 't' }] }, [
    0, 0, 0, 18, // frame size
    0, 3, // api key: Metadata
    0, 1, // api version
    0, 0, 0, 1, // correlation id
    0, 1, 0x63, // client id "c" (int16 length)
    0, 0, 0, 1, // topics: int32 count
    0, 1, 0x74, // topics[0].name "t"
  ]);
});

test('Produce v3 request with an empty records field', () => {
  const body = {
    transactionalId: null,
    acks: -1,
    timeoutMs: 30000,
    topicData: [{ name: 't', partitionData: [{ index: 0, records: Buffer.alloc(0) }] }],
  };
  assertGolden(Produce, 3, 2, body, [
    0, 0, 0, 38, // frame size
    0, 0, // api key: Produce
    0, 3, // api version
    0, 0, 0, 2, // correlation id
    0, 1, 0x63, // client id "c"
    0xff, 0xff, // transactionalId: null string
    0xff, 0xff, // acks: -1
    0, 0, 0x75, 0x30, // timeoutMs: 30000
    0, 0, 0, 1, // topicData: 1 topic
    0, 1, 0x74, // name "t"
    0, 0, 0, 1, // partitionData: 1 partition
    0, 0, 0, 0, // index 0
    0, 0, 0, 0, // records: int32 length 0
  ]);
});

test('FindCoordinator v0 request for group "g"', () => {
  assertGolden(FindCoordinator, 0, 3, { key: 'g' }, [
    0, 0, 0, 14, // frame size
    0, 10, // api key: FindCoordinator
    0, 0, // api version
    0, 0, 0, 3, // correlation id
    0, 1, 0x63, // client id "c"
    0, 1, 0x67, // key "g"
  ]);
});

test('Metadata v9 request is flexible: header v2, compact arrays and strings, tagged-field counts', () => {
  const body = {
    topics: [{ name: 't' }],
    allowAutoTopicCreation: true,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: true,
  };
  assertGolden(Metadata, 9, 4, body, [
    0, 0, 0, 20, // frame size
    0, 3, // api key: Metadata
    0, 9, // api version
    0, 0, 0, 4, // correlation id
    0, 1, 0x63, // client id "c": still an int16-length string in header v2
    0, // header tagged fields: none
    2, // topics: compact array, uvarint count + 1
    2, 0x74, // topics[0].name "t": compact string, uvarint length + 1
    0, // topics[0] tagged fields: none
    1, // allowAutoTopicCreation
    0, // includeClusterAuthorizedOperations
    1, // includeTopicAuthorizedOperations
    0, // body tagged fields: none
  ]);
});

test('Metadata v9 request with null topics asks for all topics in one byte', () => {
  const header = { apiKey: 3, apiVersion: 9, correlationId: 5, clientId: 'c' };
  const bytes = Buffer.concat(encodeRequest(Metadata, header, { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }).chunks);
  // After the 12-byte header: compact null array (0), three bools, no tagged fields.
  assert.deepEqual([...bytes.subarray(4 + 12)], [0, 0, 0, 0, 0]);
  assert.equal(decodeRequest(Metadata, bytes.subarray(4)).body.topics, null);
});
