import type { ApiSpec } from '../schema.js';

/**
 * SaslAuthenticateRequest.json / SaslAuthenticateResponse.json; we serve v0-2.
 *
 * Version history (from Kafka's JSON):
 * - v0: one SASL token each way per request (KIP-152).
 * - v1: the session lifetime in the response, for re-authentication (KIP-368).
 * - v2: first flexible version.
 */
export const SaslAuthenticate = {
  apiKey: 36,
  name: 'SaslAuthenticate',
  request: {
    name: 'SaslAuthenticateRequest',
    validVersions: '0-2',
    flexibleVersions: '2+',
    fields: [{ name: 'authBytes', type: 'bytes', versions: '0+' }],
  },
  response: {
    name: 'SaslAuthenticateResponse',
    validVersions: '0-2',
    flexibleVersions: '2+',
    fields: [
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
      { name: 'authBytes', type: 'bytes', versions: '0+' },
      { name: 'sessionLifetimeMs', type: 'int64', versions: '1+', default: 0, ignorable: true },
    ],
  },
} as const satisfies ApiSpec;
