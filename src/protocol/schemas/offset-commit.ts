import type { ApiSpec } from '../schema.js';

/**
 * OffsetCommitRequest.json / OffsetCommitResponse.json; we serve v0-8 (Kafka 4.0 dropped v0-1).
 *
 * Version history (from Kafka's JSON):
 * - v1: generation, member id and a per-partition commit timestamp.
 * - v2: a retention time instead of the commit timestamp; v3: throttle time in the response.
 * - v5: no retention time (the broker's configuration decides).
 * - v6: the committed leader epoch; v7: the group instance id (static membership).
 * - v8: first flexible version.
 * - Not served: v9 the consumer group protocol (KIP-848), v10 topic ids.
 */
export const OffsetCommit = {
  apiKey: 8,
  name: 'OffsetCommit',
  request: {
    name: 'OffsetCommitRequest',
    validVersions: '0-8',
    flexibleVersions: '8+',
    fields: [
      { name: 'groupId', type: 'string', versions: '0+' },
      { name: 'generationId', type: 'int32', versions: '1+', default: -1, ignorable: true },
      { name: 'memberId', type: 'string', versions: '1+', ignorable: true },
      { name: 'groupInstanceId', type: 'string', versions: '7+', nullableVersions: '7+', default: null },
      { name: 'retentionTimeMs', type: 'int64', versions: '2-4', default: -1, ignorable: true },
      {
        name: 'topics',
        type: '[]OffsetCommitRequestTopic',
        versions: '0+',
        fields: [
          { name: 'name', type: 'string', versions: '0+' },
          {
            name: 'partitions',
            type: '[]OffsetCommitRequestPartition',
            versions: '0+',
            fields: [
              { name: 'partitionIndex', type: 'int32', versions: '0+' },
              { name: 'committedOffset', type: 'int64', versions: '0+' },
              { name: 'committedLeaderEpoch', type: 'int32', versions: '6+', default: -1, ignorable: true },
              { name: 'commitTimestamp', type: 'int64', versions: '1', default: -1 },
              { name: 'committedMetadata', type: 'string', versions: '0+', nullableVersions: '0+' },
            ],
          },
        ],
      },
    ],
  },
  response: {
    name: 'OffsetCommitResponse',
    validVersions: '0-8',
    flexibleVersions: '8+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '3+', ignorable: true },
      {
        name: 'topics',
        type: '[]OffsetCommitResponseTopic',
        versions: '0+',
        fields: [
          { name: 'name', type: 'string', versions: '0+' },
          {
            name: 'partitions',
            type: '[]OffsetCommitResponsePartition',
            versions: '0+',
            fields: [
              { name: 'partitionIndex', type: 'int32', versions: '0+' },
              { name: 'errorCode', type: 'int16', versions: '0+' },
            ],
          },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
