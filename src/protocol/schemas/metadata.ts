import type { ApiSpec } from '../schema.js';

/**
 * MetadataRequest.json / MetadataResponse.json; we serve v0-9.
 *
 * Version history (from Kafka's JSON):
 * - v0: an empty topic list means every topic (v1+: null means every topic).
 * - v1: broker racks, the controller id, internal topics; v2: the cluster id; v3: throttle time.
 * - v4: AllowAutoTopicCreation; v5: offline replicas; v7: the partition leader epoch.
 * - v8: authorized operations for the cluster and topics may be asked for.
 * - v9: first flexible version.
 * - Not served: v10+ topic ids (KIP-516), so those fields are left out; v11 drops the cluster's
 *   authorized operations (KIP-700); v13 a top-level error code.
 */
export const Metadata = {
  apiKey: 3,
  name: 'Metadata',
  request: {
    name: 'MetadataRequest',
    validVersions: '0-9',
    flexibleVersions: '9+',
    fields: [
      {
        // A null array asks for every topic from v1 on; v0 used an empty one.
        name: 'topics',
        type: '[]MetadataRequestTopic',
        versions: '0+',
        nullableVersions: '1+',
        fields: [{ name: 'name', type: 'string', versions: '0+', nullableVersions: '10+' }],
      },
      { name: 'allowAutoTopicCreation', type: 'bool', versions: '4+', default: true, ignorable: false },
      { name: 'includeClusterAuthorizedOperations', type: 'bool', versions: '8-10' },
      { name: 'includeTopicAuthorizedOperations', type: 'bool', versions: '8+' },
    ],
  },
  response: {
    name: 'MetadataResponse',
    validVersions: '0-9',
    flexibleVersions: '9+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '3+' },
      {
        name: 'brokers',
        type: '[]MetadataResponseBroker',
        versions: '0+',
        fields: [
          { name: 'nodeId', type: 'int32', versions: '0+', mapKey: true },
          { name: 'host', type: 'string', versions: '0+' },
          { name: 'port', type: 'int32', versions: '0+' },
          { name: 'rack', type: 'string', versions: '1+', nullableVersions: '1+', ignorable: true, default: null },
        ],
      },
      { name: 'clusterId', type: 'string', versions: '2+', nullableVersions: '2+', ignorable: true, default: null },
      { name: 'controllerId', type: 'int32', versions: '1+', default: -1, ignorable: true },
      {
        name: 'topics',
        type: '[]MetadataResponseTopic',
        versions: '0+',
        fields: [
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'name', type: 'string', versions: '0+', mapKey: true },
          { name: 'isInternal', type: 'bool', versions: '1+', default: false, ignorable: true },
          {
            name: 'partitions',
            type: '[]MetadataResponsePartition',
            versions: '0+',
            fields: [
              { name: 'errorCode', type: 'int16', versions: '0+' },
              { name: 'partitionIndex', type: 'int32', versions: '0+' },
              { name: 'leaderId', type: 'int32', versions: '0+' },
              { name: 'leaderEpoch', type: 'int32', versions: '7+', default: -1, ignorable: true },
              { name: 'replicaNodes', type: '[]int32', versions: '0+' },
              { name: 'isrNodes', type: '[]int32', versions: '0+' },
              { name: 'offlineReplicas', type: '[]int32', versions: '5+', ignorable: true },
            ],
          },
          { name: 'topicAuthorizedOperations', type: 'int32', versions: '8+', default: -2147483648, ignorable: true },
        ],
      },
      { name: 'clusterAuthorizedOperations', type: 'int32', versions: '8-10', default: -2147483648, ignorable: true },
    ],
  },
} as const satisfies ApiSpec;
