import type { ApiSpec } from '../schema.js';

/** EndTxnRequest.json / EndTxnResponse.json, up to v5 (v5 returns the epoch a transaction.version 2 producer continues with). */
export const EndTxn = {
  apiKey: 26,
  name: 'EndTxn',
  request: {
    name: 'EndTxnRequest',
    validVersions: '0-5',
    flexibleVersions: '3+',
    fields: [
      { name: 'transactionalId', type: 'string', versions: '0+' },
      { name: 'producerId', type: 'int64', versions: '0+' },
      { name: 'producerEpoch', type: 'int16', versions: '0+' },
      { name: 'committed', type: 'bool', versions: '0+' },
    ],
  },
  response: {
    name: 'EndTxnResponse',
    validVersions: '0-5',
    flexibleVersions: '3+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'producerId', type: 'int64', versions: '5+', default: -1, ignorable: true },
      { name: 'producerEpoch', type: 'int16', versions: '5+', default: -1, ignorable: true },
    ],
  },
} as const satisfies ApiSpec;
