import type { ApiSpec } from '../schema.js';

/** DescribeLogDirsRequest.json / DescribeLogDirsResponse.json as Kafka 4.4 defines them. */
export const DescribeLogDirs = {
  apiKey: 35,
  name: 'DescribeLogDirs',
  request: {
    name: 'DescribeLogDirsRequest',
    validVersions: '1-5',
    flexibleVersions: '2+',
    fields: [
      {
        name: 'topics',
        type: '[]DescribableLogDirTopic',
        versions: '0+',
        nullableVersions: '0+',
        fields: [
          { name: 'topic', type: 'string', versions: '0+', mapKey: true },
          { name: 'partitions', type: '[]int32', versions: '0+' },
        ],
      },
    ],
  },
  response: {
    name: 'DescribeLogDirsResponse',
    validVersions: '1-5',
    flexibleVersions: '2+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
      { name: 'errorCode', type: 'int16', versions: '3+', ignorable: true },
      {
        name: 'results',
        type: '[]DescribeLogDirsResult',
        versions: '0+',
        fields: [
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'logDir', type: 'string', versions: '0+' },
          {
            name: 'topics',
            type: '[]DescribeLogDirsTopic',
            versions: '0+',
            fields: [
              { name: 'name', type: 'string', versions: '0+' },
              {
                name: 'partitions',
                type: '[]DescribeLogDirsPartition',
                versions: '0+',
                fields: [
                  { name: 'partitionIndex', type: 'int32', versions: '0+' },
                  { name: 'partitionSize', type: 'int64', versions: '0+' },
                  { name: 'offsetLag', type: 'int64', versions: '0+' },
                  { name: 'isFutureKey', type: 'bool', versions: '0+' },
                ],
              },
            ],
          },
          { name: 'totalBytes', type: 'int64', versions: '4+', default: -1, ignorable: true },
          { name: 'usableBytes', type: 'int64', versions: '4+', default: -1, ignorable: true },
          { name: 'isCordoned', type: 'bool', versions: '5+', default: false, ignorable: true },
        ],
      },
    ],
  },
} as const satisfies ApiSpec;
