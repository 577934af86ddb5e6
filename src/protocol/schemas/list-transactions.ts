import type { ApiSpec } from '../schema.js';

/**
 * ListTransactionsRequest.json / ListTransactionsResponse.json (KIP-664); we serve v0-2.
 *
 * Version history (from Kafka's JSON):
 * - v1: a filter by how long a transaction has run (KIP-994); the response is unchanged.
 * - v2: a filter by a regular expression on the transactional id (KIP-1152), which may
 *   answer INVALID_REGULAR_EXPRESSION.
 */
export const ListTransactions = {
  apiKey: 66,
  name: 'ListTransactions',
  request: {
    name: 'ListTransactionsRequest',
    validVersions: '0-2',
    flexibleVersions: '0+',
    fields: [
      { name: 'stateFilters', type: '[]string', versions: '0+' },
      { name: 'producerIdFilters', type: '[]int64', versions: '0+' },
      { name: 'durationFilter', type: 'int64', versions: '1+', default: -1 },
      { name: 'transactionalIdPattern', type: 'string', versions: '2+', nullableVersions: '2+', default: null },
    ],
  },
  response: {
    name: 'ListTransactionsResponse',
    validVersions: '0-2',
    flexibleVersions: '0+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'unknownStateFilters', type: '[]string', versions: '0+' },
      {
        name: 'transactionStates',
        type: '[]TransactionState',
        versions: '0+',
        fields: [
          { name: 'transactionalId', type: 'string', versions: '0+' },
          { name: 'producerId', type: 'int64', versions: '0+' },
          { name: 'transactionState', type: 'string', versions: '0+' },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
