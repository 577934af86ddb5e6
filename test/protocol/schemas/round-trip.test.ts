import assert from 'node:assert/strict';
import { test } from 'node:test';
import { API_SPECS } from '../../../src/protocol/apis.js';
import {
  decodeRequestBody,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  peekRequestHeader,
} from '../../../src/protocol/messages.js';
import { sampleMessage, versionsOf } from './sample-value.js';

function join(chunks: Buffer[]): Buffer {
  return Buffer.concat(chunks);
}

for (const api of API_SPECS.values()) {
  test(`${api.name} requests round-trip at every valid version`, () => {
    for (const version of versionsOf(api.request)) {
      for (const nullFirst of [true, false]) {
        const where = `${api.request.name} v${version} (nulls ${nullFirst ? 'first' : 'second'})`;
        const header = { apiKey: api.apiKey, apiVersion: version, correlationId: 4242 + version, clientId: 'sd' };
        const body = sampleMessage(api.request, version, nullFirst);
        const frame = encodeRequest(api, header, body);
        const bytes = join(frame.chunks);
        assert.equal(bytes.readInt32BE(0), bytes.length - 4, `${where}: size prefix`);

        const peeked = peekRequestHeader(bytes.subarray(4));
        assert.deepEqual([peeked.apiKey, peeked.apiVersion, peeked.correlationId], [api.apiKey, version, header.correlationId]);
        const decoded = decodeRequestBody(api, peeked.reader, version);
        assert.equal(peeked.reader.remaining, 0, `${where}: bytes left after the body`);
        assert.equal(decoded.clientId, 'sd');
        assert.deepEqual(decoded.body, body, where);
        assert.deepEqual(join(encodeRequest(api, header, decoded.body).chunks), bytes, `${where}: re-encoding`);
      }
    }
  });

  test(`${api.name} responses round-trip at every valid version`, () => {
    for (const version of versionsOf(api.response)) {
      for (const nullFirst of [true, false]) {
        const where = `${api.response.name} v${version} (nulls ${nullFirst ? 'first' : 'second'})`;
        const body = sampleMessage(api.response, version, nullFirst);
        const bytes = join(encodeResponse(api, version, 77, body).chunks);
        assert.equal(bytes.readInt32BE(0), bytes.length - 4, `${where}: size prefix`);

        const decoded = decodeResponse(api, version, bytes.subarray(4));
        assert.equal(decoded.correlationId, 77);
        assert.deepEqual(decoded.body, body, where);
        assert.deepEqual(join(encodeResponse(api, version, 77, decoded.body).chunks), bytes, `${where}: re-encoding`);
      }
    }
  });
}
