import type { ApiSpec } from '../schema.js';

/**
 * DeleteTopicsRequest.json / DeleteTopicsResponse.json; we serve v0-6 (Kafka 4.0 dropped v0).
 *
 * Version history (from Kafka's JSON):
 * - v1: throttle time in the response; v3: may answer TOPIC_DELETION_DISABLED.
 * - v4: first flexible version.
 * - v5: an error message per topic; may answer THROTTLING_QUOTA_EXCEEDED (KIP-599).
 * - v6: topics given as name-or-id structs, topic ids in the response.
 */
export const DeleteTopics = {
  apiKey: 20,
  name: 'DeleteTopics',
  request: {
    name: 'DeleteTopicsRequest',
    validVersions: '0-6',
    flexibleVersions: '4+',
    fields: [
      {
        // v6 names topics by name or id; earlier versions send bare names in topicNames.
        name: 'topics',
        type: '[]DeleteTopicState',
        versions: '6+',
        fields: [
          { name: 'name', type: 'string', versions: '6+', nullableVersions: '6+', default: null },
          { name: 'topicId', type: 'uuid', versions: '6+' },
        ],
      },
      { name: 'topicNames', type: '[]string', versions: '0-5', ignorable: true },
      { name: 'timeoutMs', type: 'int32', versions: '0+' },
    ],
  },
  response: {
    name: 'DeleteTopicsResponse',
    validVersions: '0-6',
    flexibleVersions: '4+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
      {
        name: 'responses',
        type: '[]DeletableTopicResult',
        versions: '0+',
        fields: [
          { name: 'name', type: 'string', versions: '0+', nullableVersions: '6+', mapKey: true },
          { name: 'topicId', type: 'uuid', versions: '6+', ignorable: true },
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'errorMessage', type: 'string', versions: '5+', nullableVersions: '5+', ignorable: true, default: null },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
