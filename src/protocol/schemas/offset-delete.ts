import type { ApiSpec } from '../schema.js';

/**
 * OffsetDeleteRequest.json / OffsetDeleteResponse.json; we serve v0, the only version (KIP-496).
 */
export const OffsetDelete = {
  apiKey: 47,
  name: 'OffsetDelete',
  request: {
    name: 'OffsetDeleteRequest',
    validVersions: '0',
    flexibleVersions: 'none',
    fields: [
      { name: 'groupId', type: 'string', versions: '0+' },
      {
        name: 'topics',
        type: '[]OffsetDeleteRequestTopic',
        versions: '0+',
        fields: [
          { name: 'name', type: 'string', versions: '0+', mapKey: true },
          {
            name: 'partitions',
            type: '[]OffsetDeleteRequestPartition',
            versions: '0+',
            fields: [
              { name: 'partitionIndex', type: 'int32', versions: '0+' },
            ],
          },
        ],
      },
    ],
  },
  response: {
    name: 'OffsetDeleteResponse',
    validVersions: '0',
    flexibleVersions: 'none',
    fields: [
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'throttleTimeMs', type: 'int32', versions: '0+', ignorable: true },
      {
        name: 'topics',
        type: '[]OffsetDeleteResponseTopic',
        versions: '0+',
        fields: [
          { name: 'name', type: 'string', versions: '0+', mapKey: true },
          {
            name: 'partitions',
            type: '[]OffsetDeleteResponsePartition',
            versions: '0+',
            fields: [
              { name: 'partitionIndex', type: 'int32', versions: '0+', mapKey: true },
              { name: 'errorCode', type: 'int16', versions: '0+' },
            ],
          },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
