import type { ApiSpec } from '../schema.js';

/**
 * SaslHandshakeRequest.json / SaslHandshakeResponse.json; we serve v0-1.
 *
 * Version history (from Kafka's JSON):
 * - v0: after the handshake the client sends raw SASL tokens, each a size-prefixed frame with no
 *   Kafka header, and the server answers each with a raw token the same way.
 * - v1: the tokens travel inside SaslAuthenticate requests instead (KIP-152), so failures get an
 *   error code and message.
 */
export const SaslHandshake = {
  apiKey: 17,
  name: 'SaslHandshake',
  request: {
    name: 'SaslHandshakeRequest',
    validVersions: '0-1',
    flexibleVersions: 'none',
    fields: [{ name: 'mechanism', type: 'string', versions: '0+' }],
  },
  response: {
    name: 'SaslHandshakeResponse',
    validVersions: '0-1',
    flexibleVersions: 'none',
    fields: [
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'mechanisms', type: '[]string', versions: '0+' },
    ],
  },
} as const satisfies ApiSpec;
