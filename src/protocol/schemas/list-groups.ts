import type { ApiSpec } from '../schema.js';

/** ListGroupsRequest.json / ListGroupsResponse.json, up to v4. */
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
