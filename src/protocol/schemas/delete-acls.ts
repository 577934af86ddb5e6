import type { ApiSpec } from '../schema.js';

/**
 * DeleteAclsRequest.json / DeleteAclsResponse.json; we serve v1-3 (Kafka 4 dropped v0).
 *
 * Version history (from Kafka's JSON):
 * - v1: the pattern type filter (KIP-290: prefixed ACLs).
 * - v2: first flexible version.
 * - v3: adds the USER_ALLOW/USER_DENY operations for user resources (KIP-554), same wire shape.
 */
export const DeleteAcls = {
  apiKey: 31,
  name: 'DeleteAcls',
  request: {
    name: 'DeleteAclsRequest',
    validVersions: '1-3',
    flexibleVersions: '2+',
    fields: [
      {
        name: 'filters',
        type: '[]DeleteAclsFilter',
        versions: '0+',
        fields: [
          { name: 'resourceTypeFilter', type: 'int8', versions: '0+' },
          { name: 'resourceNameFilter', type: 'string', versions: '0+', nullableVersions: '0+' },
          { name: 'patternTypeFilter', type: 'int8', versions: '1+', default: 3, ignorable: false },
          { name: 'principalFilter', type: 'string', versions: '0+', nullableVersions: '0+' },
          { name: 'hostFilter', type: 'string', versions: '0+', nullableVersions: '0+' },
          { name: 'operation', type: 'int8', versions: '0+' },
          { name: 'permissionType', type: 'int8', versions: '0+' },
        ],
      },
    ],
  },
  response: {
    name: 'DeleteAclsResponse',
    validVersions: '1-3',
    flexibleVersions: '2+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
      {
        name: 'filterResults',
        type: '[]DeleteAclsFilterResult',
        versions: '0+',
        fields: [
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
          {
            name: 'matchingAcls',
            type: '[]DeleteAclsMatchingAcl',
            versions: '0+',
            fields: [
              { name: 'errorCode', type: 'int16', versions: '0+' },
              { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
              { name: 'resourceType', type: 'int8', versions: '0+' },
              { name: 'resourceName', type: 'string', versions: '0+' },
              { name: 'patternType', type: 'int8', versions: '1+', default: 3, ignorable: false },
              { name: 'principal', type: 'string', versions: '0+' },
              { name: 'host', type: 'string', versions: '0+' },
              { name: 'operation', type: 'int8', versions: '0+' },
              { name: 'permissionType', type: 'int8', versions: '0+' },
            ],
          },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
