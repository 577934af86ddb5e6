import type { ApiSpec } from '../schema.js';

/**
 * DeleteGroupsRequest.json / DeleteGroupsResponse.json; we serve v0-3.
 *
 * Version history (from Kafka's JSON):
 * - v1: same as v0 (throttling on quota violation, KIP-219).
 * - v2: first flexible version.
 * - v3: an error message per group.
 */
export const DeleteGroups = {
  apiKey: 42,
  name: 'DeleteGroups',
  request: {
    name: 'DeleteGroupsRequest',
    validVersions: '0-3',
    flexibleVersions: '2+',
    fields: [
      { name: 'groupsNames', type: '[]string', versions: '0+' },
    ],
  },
  response: {
    name: 'DeleteGroupsResponse',
    validVersions: '0-3',
    flexibleVersions: '2+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
      {
        name: 'results',
        type: '[]DeletableGroupResult',
        versions: '0+',
        fields: [
          { name: 'groupId', type: 'string', versions: '0+', mapKey: true },
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'errorMessage', type: 'string', versions: '3+', nullableVersions: '3+', default: null, ignorable: true },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
