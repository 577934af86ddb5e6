import type { ApiSpec } from '../schema.js';

/**
 * DescribeTransactionsRequest.json / DescribeTransactionsResponse.json (KIP-664):
 * the coordinator's state of each transactional id asked for. Kafka has one
 * version, v0, flexible.
 */
export const DescribeTransactions = {
  apiKey: 65,
  name: 'DescribeTransactions',
  request: {
    name: 'DescribeTransactionsRequest',
    validVersions: '0',
    flexibleVersions: '0+',
    fields: [{ name: 'transactionalIds', type: '[]string', versions: '0+' }],
  },
  response: {
    name: 'DescribeTransactionsResponse',
    validVersions: '0',
    flexibleVersions: '0+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
      {
        name: 'transactionStates',
        type: '[]TransactionState',
        versions: '0+',
        fields: [
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'transactionalId', type: 'string', versions: '0+' },
          { name: 'transactionState', type: 'string', versions: '0+' },
          { name: 'transactionTimeoutMs', type: 'int32', versions: '0+' },
          { name: 'transactionStartTimeMs', type: 'int64', versions: '0+' },
          { name: 'producerId', type: 'int64', versions: '0+' },
          { name: 'producerEpoch', type: 'int16', versions: '0+' },
          {
            name: 'topics',
            type: '[]TopicData',
            versions: '0+',
            fields: [
              { name: 'topic', type: 'string', versions: '0+', mapKey: true },
              { name: 'partitions', type: '[]int32', versions: '0+' },
            ],
          },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
