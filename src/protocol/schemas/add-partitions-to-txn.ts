import type { ApiSpec } from '../schema.js';

/**
 * AddPartitionsToTxnRequest.json / AddPartitionsToTxnResponse.json, up to v5.
 * v4 (KIP-890) batches several transactions and adds verifyOnly; clients send
 * v3 and below, whose fields carry the V3AndBelow prefix in Kafka's JSON.
 */
export const AddPartitionsToTxn = {
  apiKey: 24,
  name: 'AddPartitionsToTxn',
  request: {
    name: 'AddPartitionsToTxnRequest',
    validVersions: '0-5',
    flexibleVersions: '3+',
    fields: [
      {
        name: 'transactions',
        type: '[]AddPartitionsToTxnTransaction',
        versions: '4+',
        fields: [
          { name: 'transactionalId', type: 'string', versions: '4+', mapKey: true },
          { name: 'producerId', type: 'int64', versions: '4+' },
          { name: 'producerEpoch', type: 'int16', versions: '4+' },
          { name: 'verifyOnly', type: 'bool', versions: '4+', default: false },
          {
            name: 'topics',
            type: '[]AddPartitionsToTxnTopic',
            versions: '4+',
            fields: [
              { name: 'name', type: 'string', versions: '0+', mapKey: true },
              { name: 'partitions', type: '[]int32', versions: '0+' },
            ],
          },
        ],
      },
      { name: 'v3AndBelowTransactionalId', type: 'string', versions: '0-3' },
      { name: 'v3AndBelowProducerId', type: 'int64', versions: '0-3' },
      { name: 'v3AndBelowProducerEpoch', type: 'int16', versions: '0-3' },
      {
        name: 'v3AndBelowTopics',
        type: '[]AddPartitionsToTxnTopic',
        versions: '0-3',
        fields: [
          { name: 'name', type: 'string', versions: '0+', mapKey: true },
          { name: 'partitions', type: '[]int32', versions: '0+' },
        ],
      },
    ],
  },
  response: {
    name: 'AddPartitionsToTxnResponse',
    validVersions: '0-5',
    flexibleVersions: '3+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
      { name: 'errorCode', type: 'int16', versions: '4+', ignorable: true, default: 0 },
      {
        name: 'resultsByTransaction',
        type: '[]AddPartitionsToTxnResult',
        versions: '4+',
        fields: [
          { name: 'transactionalId', type: 'string', versions: '4+', mapKey: true },
          {
            name: 'topicResults',
            type: '[]AddPartitionsToTxnTopicResult',
            versions: '4+',
            fields: [
              { name: 'name', type: 'string', versions: '0+', mapKey: true },
              {
                name: 'resultsByPartition',
                type: '[]AddPartitionsToTxnPartitionResult',
                versions: '0+',
                fields: [
                  { name: 'partitionIndex', type: 'int32', versions: '0+', mapKey: true },
                  { name: 'partitionErrorCode', type: 'int16', versions: '0+' },
                ],
              },
            ],
          },
        ],
      },
      {
        name: 'resultsByTopicV3AndBelow',
        type: '[]AddPartitionsToTxnTopicResult',
        versions: '0-3',
        fields: [
          { name: 'name', type: 'string', versions: '0+', mapKey: true },
          {
            name: 'resultsByPartition',
            type: '[]AddPartitionsToTxnPartitionResult',
            versions: '0+',
            fields: [
              { name: 'partitionIndex', type: 'int32', versions: '0+', mapKey: true },
              { name: 'partitionErrorCode', type: 'int16', versions: '0+' },
            ],
          },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
