import type { ApiSpec } from '../schema.js';

/**
 * CreateAclsRequest.json / CreateAclsResponse.json; we serve v1-3 (Kafka 4 dropped v0).
 *
 * Version history (from Kafka's JSON):
 * - v1: the resource pattern type (KIP-290: prefixed ACLs).
 * - v2: first flexible version.
 * - v3: adds the USER_ALLOW/USER_DENY operations for user resources (KIP-554), same wire shape.
 */
export const CreateAcls = {
  apiKey: 30,
  name: 'CreateAcls',
  request: {
    name: 'CreateAclsRequest',
    validVersions: '1-3',
    flexibleVersions: '2+',
    fields: [
      {
        name: 'creations',
        type: '[]AclCreation',
        versions: '0+',
        fields: [
          { name: 'resourceType', type: 'int8', versions: '0+' },
          { name: 'resourceName', type: 'string', versions: '0+' },
          { name: 'resourcePatternType', type: 'int8', versions: '1+', default: 3 },
          { name: 'principal', type: 'string', versions: '0+' },
          { name: 'host', type: 'string', versions: '0+' },
          { name: 'operation', type: 'int8', versions: '0+' },
          { name: 'permissionType', type: 'int8', versions: '0+' },
        ],
      },
    ],
  },
  response: {
    name: 'CreateAclsResponse',
    validVersions: '1-3',
    flexibleVersions: '2+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
      {
        name: 'results',
        type: '[]AclCreationResult',
        versions: '0+',
        fields: [
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
