import type { ApiSpec } from '../schema.js';

/**
 * ListGroupsRequest.json / ListGroupsResponse.json; we serve v0-4.
 *
 * Version history (from Kafka's JSON):
 * - v1: throttle time in the response.
 * - v3: first flexible version.
 * - v4: a filter by group state and each group's state (KIP-518).
 * - Not served: v5 a filter by group type (KIP-848).
 */
export const ListGroups = {
  apiKey: 16,
  name: 'ListGroups',
  request: {
    name: 'ListGroupsRequest',
    validVersions: '0-4',
    flexibleVersions: '3+',
    fields: [{ name: 'statesFilter', type: '[]string', versions: '4+' }],
  },
  response: {
    name: 'ListGroupsResponse',
    validVersions: '0-4',
    flexibleVersions: '3+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
      { name: 'errorCode', type: 'int16', versions: '0+' },
      {
        name: 'groups',
        type: '[]ListedGroup',
        versions: '0+',
        fields: [
          { name: 'groupId', type: 'string', versions: '0+' },
          { name: 'protocolType', type: 'string', versions: '0+' },
          { name: 'groupState', type: 'string', versions: '4+', ignorable: true },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
