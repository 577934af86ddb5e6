import type { ApiSpec } from '../schema.js';

/**
 * DescribeGroupsRequest.json / DescribeGroupsResponse.json; we serve v0-5.
 *
 * Version history (from Kafka's JSON):
 * - v1: throttle time in the response.
 * - v3: authorized operations may be asked for.
 * - v4: members' group instance ids.
 * - v5: first flexible version.
 * - Not served: v6 GROUP_ID_NOT_FOUND for an unknown group (KIP-1043).
 */
export const DescribeGroups = {
  apiKey: 15,
  name: 'DescribeGroups',
  request: {
    name: 'DescribeGroupsRequest',
    validVersions: '0-5',
    flexibleVersions: '5+',
    fields: [
      { name: 'groups', type: '[]string', versions: '0+' },
      { name: 'includeAuthorizedOperations', type: 'bool', versions: '3+', default: false, ignorable: true },
    ],
  },
  response: {
    name: 'DescribeGroupsResponse',
    validVersions: '0-5',
    flexibleVersions: '5+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
      {
        name: 'groups',
        type: '[]DescribedGroup',
        versions: '0+',
        fields: [
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'groupId', type: 'string', versions: '0+' },
          { name: 'groupState', type: 'string', versions: '0+' },
          { name: 'protocolType', type: 'string', versions: '0+' },
          { name: 'protocolData', type: 'string', versions: '0+' },
          {
            name: 'members',
            type: '[]DescribedGroupMember',
            versions: '0+',
            fields: [
              { name: 'memberId', type: 'string', versions: '0+' },
              { name: 'groupInstanceId', type: 'string', versions: '4+', ignorable: true, nullableVersions: '4+', default: null },
              { name: 'clientId', type: 'string', versions: '0+' },
              { name: 'clientHost', type: 'string', versions: '0+' },
              { name: 'memberMetadata', type: 'bytes', versions: '0+' },
              { name: 'memberAssignment', type: 'bytes', versions: '0+' },
            ],
          },
          { name: 'authorizedOperations', type: 'int32', versions: '3+', default: -2147483648 },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
