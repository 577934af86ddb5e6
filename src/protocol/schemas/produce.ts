import type { ApiSpec } from '../schema.js';

/**
 * ProduceRequest.json / ProduceResponse.json; we serve v0-9 (Kafka 4.0 dropped v0-2, KIP-896;
 * we keep them for older clients).
 *
 * Version history (from Kafka's JSON):
 * - v1: the response gains the throttle time; v2: the log append time.
 * - v3: the transactional id, and record batches of message format v2.
 * - v4-6: as v3 (v4 may answer KAFKA_STORAGE_ERROR); v5 returns the log start offset.
 * - v7: zstd batches may be produced (KIP-110).
 * - v8: per-record errors and an error message in the response (KIP-467).
 * - v9: first flexible version.
 * - Not served: v10 leader discovery tags (KIP-951), v11-12 TRANSACTION_ABORTABLE and
 *   transactions v2 (KIP-890), v13 topic ids (KIP-516).
 */
export const Produce = {
  apiKey: 0,
  name: 'Produce',
  request: {
    name: 'ProduceRequest',
    validVersions: '0-9',
    flexibleVersions: '9+',
    fields: [
      { name: 'transactionalId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
      { name: 'acks', type: 'int16', versions: '0+' },
      { name: 'timeoutMs', type: 'int32', versions: '0+' },
      {
        name: 'topicData',
        type: '[]TopicProduceData',
        versions: '0+',
        fields: [
          { name: 'name', type: 'string', versions: '0+', mapKey: true },
          {
            name: 'partitionData',
            type: '[]PartitionProduceData',
            versions: '0+',
            fields: [
              { name: 'index', type: 'int32', versions: '0+' },
              { name: 'records', type: 'records', versions: '0+', nullableVersions: '0+' },
            ],
          },
        ],
      },
    ],
  },
  response: {
    name: 'ProduceResponse',
    validVersions: '0-9',
    flexibleVersions: '9+',
    fields: [
      {
        name: 'responses',
        type: '[]TopicProduceResponse',
        versions: '0+',
        fields: [
          { name: 'name', type: 'string', versions: '0+', mapKey: true },
          {
            name: 'partitionResponses',
            type: '[]PartitionProduceResponse',
            versions: '0+',
            fields: [
              { name: 'index', type: 'int32', versions: '0+' },
              { name: 'errorCode', type: 'int16', versions: '0+' },
              { name: 'baseOffset', type: 'int64', versions: '0+' },
              { name: 'logAppendTimeMs', type: 'int64', versions: '2+', default: -1, ignorable: true },
              { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1, ignorable: true },
              {
                name: 'recordErrors',
                type: '[]BatchIndexAndErrorMessage',
                versions: '8+',
                ignorable: true,
                fields: [
                  { name: 'batchIndex', type: 'int32', versions: '8+' },
                  { name: 'batchIndexErrorMessage', type: 'string', versions: '8+', nullableVersions: '8+', default: null },
                ],
              },
              { name: 'errorMessage', type: 'string', versions: '8+', nullableVersions: '8+', default: null, ignorable: true },
            ],
          },
        ],
      },
      { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true, default: 0 },
    ],
  },
} as const satisfies ApiSpec;
