import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiVersions } from '../../src/protocol/apis.js';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../../src/protocol/messages.js';

function join(chunks: Buffer[]): Buffer {
  return Buffer.concat(chunks);
}

test('ApiVersions v0 request is the bare header (golden bytes)', () => {
  const frame = encodeRequest(ApiVersions, { apiKey: 18, apiVersion: 0, correlationId: 7, clientId: 'kc' }, {});
  assert.deepEqual([...join(frame.chunks)], [0, 0, 0, 12, 0, 18, 0, 0, 0, 0, 0, 7, 0, 2, 0x6b, 0x63]);
});

test('ApiVersions v3 request uses header v2 and compact strings (golden bytes)', () => {
  const frame = encodeRequest(
    ApiVersions,
    { apiKey: 18, apiVersion: 3, correlationId: 1, clientId: 'a' },
    { clientSoftwareName: 'x', clientSoftwareVersion: '1' },
  );
  assert.deepEqual(
    [...join(frame.chunks)],
    [0, 0, 0, 17, 0, 18, 0, 3, 0, 0, 0, 1, 0, 1, 0x61, 0, 2, 0x78, 2, 0x31, 0],
  );
  const { header, body } = decodeRequest(ApiVersions, join(frame.chunks).subarray(4));
  assert.equal(header.clientId, 'a');
  assert.equal(body.clientSoftwareName, 'x');
});

test('ApiVersions response round-trips with tagged fields at v3 and without at v0', () => {
  const body = {
    errorCode: 0,
    apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 9 }],
    throttleTimeMs: 0,
    supportedFeatures: [{ name: 'metadata.version', minVersion: 1, maxVersion: 7 }],
    finalizedFeaturesEpoch: 5,
    finalizedFeatures: [],
    zkMigrationReady: false,
  };
  for (const v of [0, 1, 2, 3]) {
    const frame = encodeResponse(ApiVersions, v, 42, body);
    const back = decodeResponse(ApiVersions, v, join(frame.chunks).subarray(4));
    assert.equal(back.correlationId, 42);
    assert.deepEqual(back.body.apiKeys, body.apiKeys);
    if (v === 3) {
      assert.deepEqual(back.body.supportedFeatures, body.supportedFeatures);
      assert.equal(back.body.finalizedFeaturesEpoch, 5);
    } else {
      assert.deepEqual(back.body.supportedFeatures, []);
      assert.equal(back.body.finalizedFeaturesEpoch, -1);
    }
  }
});
