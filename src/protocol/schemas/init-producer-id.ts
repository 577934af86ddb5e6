import type { ApiSpec } from '../schema.js';

/**
 * InitProducerIdRequest.json / InitProducerIdResponse.json; we serve v0-4.
 *
 * Version history (from Kafka's JSON):
 * - v2: first flexible version.
 * - v3: the current producer id and epoch, so a producer can resume after INVALID_PRODUCER_EPOCH.
 * - v4: may answer PRODUCER_FENCED.
 * - Not served: v5 TRANSACTION_ABORTABLE (KIP-890), v6 two-phase commit (KIP-939).
 */
export const InitProducerId = {
  apiKey: 22,
  name: 'InitProducerId',
  request: {
    name: 'InitProducerIdRequest',
    validVersions: '0-4',
    flexibleVersions: '2+',
    fields: [
      { name: 'transactionalId', type: 'string', versions: '0+', nullableVersions: '0+' },
      { name: 'transactionTimeoutMs', type: 'int32', versions: '0+' },
      { name: 'producerId', type: 'int64', versions: '3+', default: -1 },
      { name: 'producerEpoch', type: 'int16', versions: '3+', default: -1 },
    ],
  },
  response: {
    name: 'InitProducerIdResponse',
    validVersions: '0-4',
    flexibleVersions: '2+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '0+', ignorable: true },
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'producerId', type: 'int64', versions: '0+', default: -1 },
      { name: 'producerEpoch', type: 'int16', versions: '0+' },
    ],
  },
} as const satisfies ApiSpec;
