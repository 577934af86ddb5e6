import type { ApiSpec } from '../schema.js';

/**
 * JoinGroupRequest.json / JoinGroupResponse.json; we serve v0-6.
 *
 * Version history (from Kafka's JSON):
 * - v1: the rebalance timeout; v2: throttle time in the response.
 * - v4: a new member joins twice, the second time with the member id it was given.
 * - v5: the group instance id (static membership).
 * - v6: first flexible version.
 * - Not served: v7 the protocol type in the response (KIP-559), v8 a reason (KIP-800), v9 SkipAssignment.
 */
export const JoinGroup = {
  apiKey: 11,
  name: 'JoinGroup',
  request: {
    name: 'JoinGroupRequest',
    validVersions: '0-6',
    flexibleVersions: '6+',
    fields: [
      { name: 'groupId', type: 'string', versions: '0+' },
      { name: 'sessionTimeoutMs', type: 'int32', versions: '0+' },
      // Absent before v1: the session timeout then doubles as the rebalance timeout.
      { name: 'rebalanceTimeoutMs', type: 'int32', versions: '1+', default: -1, ignorable: true },
      { name: 'memberId', type: 'string', versions: '0+' },
      { name: 'groupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
      { name: 'protocolType', type: 'string', versions: '0+' },
      {
        name: 'protocols',
        type: '[]JoinGroupRequestProtocol',
        versions: '0+',
        fields: [
          { name: 'name', type: 'string', versions: '0+', mapKey: true },
          { name: 'metadata', type: 'bytes', versions: '0+' },
        ],
      },
    ],
  },
  response: {
    name: 'JoinGroupResponse',
    validVersions: '0-6',
    flexibleVersions: '6+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'generationId', type: 'int32', versions: '0+', default: -1 },
      { name: 'protocolName', type: 'string', versions: '0+', nullableVersions: '7+' },
      { name: 'leader', type: 'string', versions: '0+' },
      { name: 'memberId', type: 'string', versions: '0+' },
      {
        name: 'members',
        type: '[]JoinGroupResponseMember',
        versions: '0+',
        fields: [
          { name: 'memberId', type: 'string', versions: '0+' },
          { name: 'groupInstanceId', type: 'string', versions: '5+', ignorable: true, nullableVersions: '5+', default: null },
          { name: 'metadata', type: 'bytes', versions: '0+' },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
