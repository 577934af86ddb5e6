import type { ApiSpec } from '../schema.js';

/** DescribeClusterRequest.json / DescribeClusterResponse.json as Kafka 4.4 defines them. */
export const DescribeCluster = {
  apiKey: 60,
  name: 'DescribeCluster',
  request: {
    name: 'DescribeClusterRequest',
    validVersions: '0-2',
    flexibleVersions: '0+',
    fields: [
      { name: 'includeClusterAuthorizedOperations', type: 'bool', versions: '0+' },
      { name: 'endpointType', type: 'int8', versions: '1+', default: 1 },
      { name: 'includeFencedBrokers', type: 'bool', versions: '2+' },
    ],
  },
  response: {
    name: 'DescribeClusterResponse',
    validVersions: '0-2',
    flexibleVersions: '0+',
    fields: [
      { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
      { name: 'endpointType', type: 'int8', versions: '1+', default: 1 },
      { name: 'clusterId', type: 'string', versions: '0+' },
      { name: 'controllerId', type: 'int32', versions: '0+', default: -1 },
      {
        name: 'brokers',
        type: '[]DescribeClusterBroker',
        versions: '0+',
        fields: [
          { name: 'brokerId', type: 'int32', versions: '0+', mapKey: true },
          { name: 'host', type: 'string', versions: '0+' },
          { name: 'port', type: 'int32', versions: '0+' },
          { name: 'rack', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
          { name: 'isFenced', type: 'bool', versions: '2+' },
        ],
      },
      { name: 'clusterAuthorizedOperations', type: 'int32', versions: '0+', default: -2147483648 },
    ],
  },
} as const satisfies ApiSpec;
