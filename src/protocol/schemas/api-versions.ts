import type { ApiSpec } from '../schema.js';

/**
 * ApiVersionsRequest.json / ApiVersionsResponse.json; we serve v0-3.
 *
 * Version history (from Kafka's JSON):
 * - v1: throttle time in the response.
 * - v3: first flexible version, the client's software name and version; the response header stays
 *   unflexible, so an old client can read the answer to a version it does not know (KIP-511).
 * - Not served: v4 SupportedFeatures.MinVersion 0 (KAFKA-17011), v5 cluster and node id checks (KIP-1242).
 */
export const ApiVersions = {
  apiKey: 18,
  name: 'ApiVersions',
  request: {
    name: 'ApiVersionsRequest',
    validVersions: '0-3',
    flexibleVersions: '3+',
    fields: [
      { name: 'clientSoftwareName', type: 'string', versions: '3+' },
      { name: 'clientSoftwareVersion', type: 'string', versions: '3+' },
    ],
  },
  response: {
    name: 'ApiVersionsResponse',
    validVersions: '0-3',
    flexibleVersions: '3+',
    fields: [
      { name: 'errorCode', type: 'int16', versions: '0+' },
      {
        name: 'apiKeys',
        type: '[]ApiVersion',
        versions: '0+',
        fields: [
          { name: 'apiKey', type: 'int16', versions: '0+', mapKey: true },
          { name: 'minVersion', type: 'int16', versions: '0+' },
          { name: 'maxVersion', type: 'int16', versions: '0+' },
        ],
      },
      { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
      {
        name: 'supportedFeatures',
        type: '[]SupportedFeatureKey',
        versions: '3+',
        taggedVersions: '3+',
        tag: 0,
        ignorable: true,
        fields: [
          { name: 'name', type: 'string', versions: '3+', mapKey: true },
          { name: 'minVersion', type: 'int16', versions: '3+' },
          { name: 'maxVersion', type: 'int16', versions: '3+' },
        ],
      },
      { name: 'finalizedFeaturesEpoch', type: 'int64', versions: '3+', taggedVersions: '3+', tag: 1, default: -1 },
      {
        name: 'finalizedFeatures',
        type: '[]FinalizedFeatureKey',
        versions: '3+',
        taggedVersions: '3+',
        tag: 2,
        ignorable: true,
        fields: [
          { name: 'name', type: 'string', versions: '3+', mapKey: true },
          { name: 'maxVersionLevel', type: 'int16', versions: '3+' },
          { name: 'minVersionLevel', type: 'int16', versions: '3+' },
        ],
      },
      { name: 'zkMigrationReady', type: 'bool', versions: '3+', taggedVersions: '3+', tag: 3, default: false },
    ],
  },
} as const satisfies ApiSpec;
