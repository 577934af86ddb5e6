import type { ApiSpec } from '../schema.js';

/**
 * LeaveGroupRequest.json / LeaveGroupResponse.json; we serve v0-4.
 *
 * Version history (from Kafka's JSON):
 * - v1: throttle time in the response.
 * - v3: a batch of members (member id and group instance id) instead of a single member id.
 * - v4: first flexible version.
 * - Not served: v5 a reason for leaving (KIP-800).
 */
export const LeaveGroup = {
  apiKey: 13,
  name: 'LeaveGroup',
  request: {
    name: 'LeaveGroupRequest',
    validVersions: '0-4',
    flexibleVersions: '4+',
    fields: [
      { name: 'groupId', type: 'string', versions: '0+' },
      { name: 'memberId', type: 'string', versions: '0-2' },
      {
        name: 'members',
        type: '[]MemberIdentity',
        versions: '3+',
        fields: [
          { name: 'memberId', type: 'string', versions: '3+' },
          { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
        ],
      },
    ],
  },
  response: {
    name: 'LeaveGroupResponse',
    validVersions: '0-4',
    flexibleVersions: '4+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
      { name: 'errorCode', type: 'int16', versions: '0+' },
      {
        name: 'members',
        type: '[]MemberResponse',
        versions: '3+',
        fields: [
          { name: 'memberId', type: 'string', versions: '3+' },
          { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+' },
          { name: 'errorCode', type: 'int16', versions: '3+' },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
