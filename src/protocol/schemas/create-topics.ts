import type { ApiSpec } from '../schema.js';

/**
 * CreateTopicsRequest.json / CreateTopicsResponse.json; we serve v0-7 (Kafka 4.0 dropped v0-1).
 *
 * Version history (from Kafka's JSON):
 * - v1: validateOnly in the request, a per-topic error message in the response.
 * - v2: throttle time in the response.
 * - v4: partitions and replication factor may be left to the broker's defaults (KIP-464).
 * - v5: first flexible version; the response gives each topic's configs (KIP-525).
 * - v6: may answer THROTTLING_QUOTA_EXCEEDED (KIP-599).
 * - v7: the response gives the new topic's id.
 */
export const CreateTopics = {
  apiKey: 19,
  name: 'CreateTopics',
  request: {
    name: 'CreateTopicsRequest',
    validVersions: '0-7',
    flexibleVersions: '5+',
    fields: [
      {
        name: 'topics',
        type: '[]CreatableTopic',
        versions: '0+',
        fields: [
          { name: 'name', type: 'string', versions: '0+', mapKey: true },
          { name: 'numPartitions', type: 'int32', versions: '0+' },
          { name: 'replicationFactor', type: 'int16', versions: '0+' },
          {
            name: 'assignments',
            type: '[]CreatableReplicaAssignment',
            versions: '0+',
            fields: [
              { name: 'partitionIndex', type: 'int32', versions: '0+', mapKey: true },
              { name: 'brokerIds', type: '[]int32', versions: '0+' },
            ],
          },
          {
            name: 'configs',
            type: '[]CreatableTopicConfig',
            versions: '0+',
            fields: [
              { name: 'name', type: 'string', versions: '0+', mapKey: true },
              { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
            ],
          },
        ],
      },
      { name: 'timeoutMs', type: 'int32', versions: '0+', default: 60000 },
      { name: 'validateOnly', type: 'bool', versions: '1+', default: false, ignorable: false },
    ],
  },
  response: {
    name: 'CreateTopicsResponse',
    validVersions: '0-7',
    flexibleVersions: '5+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
      {
        name: 'topics',
        type: '[]CreatableTopicResult',
        versions: '0+',
        fields: [
          { name: 'name', type: 'string', versions: '0+', mapKey: true },
          { name: 'topicId', type: 'uuid', versions: '7+', ignorable: true },
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'errorMessage', type: 'string', versions: '1+', nullableVersions: '0+', ignorable: true },
          { name: 'topicConfigErrorCode', type: 'int16', versions: '5+', taggedVersions: '5+', tag: 0, ignorable: true },
          { name: 'numPartitions', type: 'int32', versions: '5+', default: -1, ignorable: true },
          { name: 'replicationFactor', type: 'int16', versions: '5+', default: -1, ignorable: true },
          {
            name: 'configs',
            type: '[]CreatableTopicConfigs',
            versions: '5+',
            nullableVersions: '5+',
            ignorable: true,
            fields: [
              { name: 'name', type: 'string', versions: '5+' },
              { name: 'value', type: 'string', versions: '5+', nullableVersions: '5+' },
              { name: 'readOnly', type: 'bool', versions: '5+' },
              { name: 'configSource', type: 'int8', versions: '5+', default: -1, ignorable: true },
              { name: 'isSensitive', type: 'bool', versions: '5+' },
            ],
          },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
