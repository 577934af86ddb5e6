import type { ApiSpec } from '../schema.js';

/**
 * FindCoordinatorRequest.json / FindCoordinatorResponse.json; we serve v0-4.
 *
 * Version history (from Kafka's JSON):
 * - v1: the key type (group or transaction), throttle time and an error message.
 * - v3: first flexible version.
 * - v4: batches of coordinator keys (KIP-699), so the single-key fields stop at v3.
 * - Not served: v5 TRANSACTION_ABORTABLE (KIP-890), v6 share groups (KIP-932).
 */
export const FindCoordinator = {
  apiKey: 10,
  name: 'FindCoordinator',
  request: {
    name: 'FindCoordinatorRequest',
    validVersions: '0-4',
    flexibleVersions: '3+',
    fields: [
      { name: 'key', type: 'string', versions: '0-3' },
      { name: 'keyType', type: 'int8', versions: '1+', default: 0, ignorable: false },
      { name: 'coordinatorKeys', type: '[]string', versions: '4+' },
    ],
  },
  response: {
    name: 'FindCoordinatorResponse',
    validVersions: '0-4',
    flexibleVersions: '3+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
      { name: 'errorCode', type: 'int16', versions: '0-3' },
      { name: 'errorMessage', type: 'string', versions: '1-3', nullableVersions: '1-3', ignorable: true },
      { name: 'nodeId', type: 'int32', versions: '0-3' },
      { name: 'host', type: 'string', versions: '0-3' },
      { name: 'port', type: 'int32', versions: '0-3' },
      {
        name: 'coordinators',
        type: '[]Coordinator',
        versions: '4+',
        fields: [
          { name: 'key', type: 'string', versions: '4+' },
          { name: 'nodeId', type: 'int32', versions: '4+' },
          { name: 'host', type: 'string', versions: '4+' },
          { name: 'port', type: 'int32', versions: '4+' },
          { name: 'errorCode', type: 'int16', versions: '4+' },
          { name: 'errorMessage', type: 'string', versions: '4+', nullableVersions: '4+', ignorable: true },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
