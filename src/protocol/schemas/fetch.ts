import type { ApiSpec } from '../schema.js';

/**
 * FetchRequest.json / FetchResponse.json; we serve v0-12 (Kafka 4.0 dropped v0-3, KIP-896).
 *
 * Version history (from Kafka's JSON):
 * - v1: throttle time; v2: message format v1; v3: MaxBytes, and partitions are served in order.
 * - v4: isolation level and aborted transactions (message format v2).
 * - v5: the log start offset; v6: may answer KAFKA_STORAGE_ERROR.
 * - v7: incremental fetch sessions (session id, epoch, forgotten topics).
 * - v9: the current leader epoch (KIP-320); v10: zstd data (KIP-110); v11: rack id and the preferred read replica.
 * - v12: first flexible version; LastFetchedEpoch and the tagged diverging epoch, current leader and snapshot id.
 * - Not served: v13+ name topics by id (KIP-516), so those fields are left out; v14-18 tiered storage,
 *   replica state, node endpoints, directory ids, high watermarks.
 */
export const Fetch = {
  apiKey: 1,
  name: 'Fetch',
  request: {
    name: 'FetchRequest',
    validVersions: '0-12',
    flexibleVersions: '12+',
    fields: [
      {
        name: 'clusterId',
        type: 'string',
        versions: '12+',
        nullableVersions: '12+',
        default: null,
        taggedVersions: '12+',
        tag: 0,
      },
      { name: 'replicaId', type: 'int32', versions: '0+' },
      { name: 'maxWaitMs', type: 'int32', versions: '0+' },
      { name: 'minBytes', type: 'int32', versions: '0+' },
      { name: 'maxBytes', type: 'int32', versions: '3+', default: 0x7fffffff, ignorable: true },
      { name: 'isolationLevel', type: 'int8', versions: '4+', default: 0, ignorable: true },
      { name: 'sessionId', type: 'int32', versions: '7+', default: 0, ignorable: true },
      { name: 'sessionEpoch', type: 'int32', versions: '7+', default: -1, ignorable: true },
      {
        name: 'topics',
        type: '[]FetchTopic',
        versions: '0+',
        fields: [
          { name: 'topic', type: 'string', versions: '0+' },
          {
            name: 'partitions',
            type: '[]FetchPartition',
            versions: '0+',
            fields: [
              { name: 'partition', type: 'int32', versions: '0+' },
              { name: 'currentLeaderEpoch', type: 'int32', versions: '9+', default: -1, ignorable: true },
              { name: 'fetchOffset', type: 'int64', versions: '0+' },
              { name: 'lastFetchedEpoch', type: 'int32', versions: '12+', default: -1, ignorable: false },
              { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1, ignorable: true },
              { name: 'partitionMaxBytes', type: 'int32', versions: '0+' },
            ],
          },
        ],
      },
      {
        name: 'forgottenTopicsData',
        type: '[]ForgottenTopic',
        versions: '7+',
        ignorable: false,
        fields: [
          { name: 'topic', type: 'string', versions: '7+' },
          { name: 'partitions', type: '[]int32', versions: '7+' },
        ],
      },
      { name: 'rackId', type: 'string', versions: '11+', default: '', ignorable: true },
    ],
  },
  response: {
    name: 'FetchResponse',
    validVersions: '0-12',
    flexibleVersions: '12+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
      { name: 'errorCode', type: 'int16', versions: '7+', ignorable: true },
      { name: 'sessionId', type: 'int32', versions: '7+', default: 0, ignorable: false },
      {
        name: 'responses',
        type: '[]FetchableTopicResponse',
        versions: '0+',
        fields: [
          { name: 'topic', type: 'string', versions: '0-12', ignorable: true },
          {
            name: 'partitions',
            type: '[]PartitionData',
            versions: '0+',
            fields: [
              { name: 'partitionIndex', type: 'int32', versions: '0+' },
              { name: 'errorCode', type: 'int16', versions: '0+' },
              { name: 'highWatermark', type: 'int64', versions: '0+' },
              { name: 'lastStableOffset', type: 'int64', versions: '4+', default: -1, ignorable: true },
              { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1, ignorable: true },
              {
                name: 'divergingEpoch',
                type: 'EpochEndOffset',
                versions: '12+',
                taggedVersions: '12+',
                tag: 0,
                fields: [
                  { name: 'epoch', type: 'int32', versions: '12+', default: -1 },
                  { name: 'endOffset', type: 'int64', versions: '12+', default: -1 },
                ],
              },
              {
                name: 'currentLeader',
                type: 'LeaderIdAndEpoch',
                versions: '12+',
                taggedVersions: '12+',
                tag: 1,
                fields: [
                  { name: 'leaderId', type: 'int32', versions: '12+', default: -1 },
                  { name: 'leaderEpoch', type: 'int32', versions: '12+', default: -1 },
                ],
              },
              {
                name: 'snapshotId',
                type: 'SnapshotId',
                versions: '12+',
                taggedVersions: '12+',
                tag: 2,
                fields: [
                  { name: 'endOffset', type: 'int64', versions: '0+', default: -1 },
                  { name: 'epoch', type: 'int32', versions: '0+', default: -1 },
                ],
              },
              {
                name: 'abortedTransactions',
                type: '[]AbortedTransaction',
                versions: '4+',
                nullableVersions: '4+',
                ignorable: true,
                fields: [
                  { name: 'producerId', type: 'int64', versions: '4+' },
                  { name: 'firstOffset', type: 'int64', versions: '4+' },
                ],
              },
              { name: 'preferredReadReplica', type: 'int32', versions: '11+', default: -1, ignorable: false },
              { name: 'records', type: 'records', versions: '0+', nullableVersions: '0+' },
            ],
          },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
