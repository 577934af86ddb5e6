import type { ApiSpec } from '../schema.js';

/**
 * ListOffsetsRequest.json / ListOffsetsResponse.json; we serve v0-5 (Kafka 4.0 dropped v0).
 *
 * Version history (from Kafka's JSON):
 * - v0: several offsets per partition (MaxNumOffsets); v1 answers a single offset with its timestamp.
 * - v2: isolation level in the request, throttle time in the response; v3: as v2.
 * - v4: the current leader epoch in the request and the leader epoch in the response (fencing).
 * - v5: may answer OFFSET_NOT_AVAILABLE.
 * - Not served: v6 (first flexible), v7+ max-timestamp and tiered-storage lookups (KIP-734, KIP-405, KIP-1005).
 */
export const ListOffsets = {
  apiKey: 2,
  name: 'ListOffsets',
  request: {
    name: 'ListOffsetsRequest',
    validVersions: '0-5',
    flexibleVersions: '6+',
    fields: [
      { name: 'replicaId', type: 'int32', versions: '0+' },
      { name: 'isolationLevel', type: 'int8', versions: '2+' },
      {
        name: 'topics',
        type: '[]ListOffsetsTopic',
        versions: '0+',
        fields: [
          { name: 'name', type: 'string', versions: '0+' },
          {
            name: 'partitions',
            type: '[]ListOffsetsPartition',
            versions: '0+',
            fields: [
              { name: 'partitionIndex', type: 'int32', versions: '0+' },
              { name: 'currentLeaderEpoch', type: 'int32', versions: '4+', default: -1, ignorable: true },
              { name: 'timestamp', type: 'int64', versions: '0+' },
              { name: 'maxNumOffsets', type: 'int32', versions: '0', default: 1 },
            ],
          },
        ],
      },
    ],
  },
  response: {
    name: 'ListOffsetsResponse',
    validVersions: '0-5',
    flexibleVersions: '6+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
      {
        name: 'topics',
        type: '[]ListOffsetsTopicResponse',
        versions: '0+',
        fields: [
          { name: 'name', type: 'string', versions: '0+' },
          {
            name: 'partitions',
            type: '[]ListOffsetsPartitionResponse',
            versions: '0+',
            fields: [
              { name: 'partitionIndex', type: 'int32', versions: '0+' },
              { name: 'errorCode', type: 'int16', versions: '0+' },
              { name: 'oldStyleOffsets', type: '[]int64', versions: '0', ignorable: false },
              { name: 'timestamp', type: 'int64', versions: '1+', default: -1, ignorable: false },
              { name: 'offset', type: 'int64', versions: '1+', default: -1, ignorable: false },
              { name: 'leaderEpoch', type: 'int32', versions: '4+', default: -1 },
            ],
          },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
