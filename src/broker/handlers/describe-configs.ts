import { DescribeConfigs } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Request } from '../../protocol/message-types.js';
import { ConfigSource, type DescribedConfig } from '../configs/config-sources.js';
import { describeBrokerConfigs } from '../configs/describe-broker-configs.js';
import { describeTopicConfigs } from '../configs/describe-topic-configs.js';
import { configResource } from './config-resource.js';
import type { ApiHandler, BrokerContext, RequestInfo } from './types.js';

type Resource = Request<typeof DescribeConfigs, 1, 4>['resources'][number];

function configsOf(r: Resource, req: RequestInfo, ctx: BrokerContext): DescribedConfig[] | { errorCode: number; errorMessage: string } {
  const resource = configResource(r.resourceType, r.resourceName, 'DESCRIBE_CONFIGS', req, ctx);
  if (resource.kind === 'error') return resource;
  if (resource.kind === 'topic') return describeTopicConfigs(resource.topic.configs, ctx.topics.brokerConfigs);
  const broker = ctx.topics.brokerConfigs;
  if (resource.scope === 'cluster') {
    // The cluster default resource holds only what was set on it.
    return Object.entries(broker.dynamicConfigs('cluster')).map(([name, value]) => {
      const synonyms = [{ name, value, source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG }];
      return { name, value, readOnly: false, source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, isSensitive: false, synonyms, configType: 0 };
    });
  }
  const o = ctx.options;
  const listeners = ctx.listeners();
  return describeBrokerConfigs(broker, {
    nodeId: ctx.nodeId,
    listeners: listeners.map((l) => `${l.name}://${l.host}:${l.port}`).join(','),
    advertisedListeners: listeners.map((l) => `${l.name}://${l.advertised().host}:${l.advertised().port}`).join(','),
    dataDir: o.dataDir,
    defaultPartitions: o.defaultPartitions,
    autoCreateTopics: o.autoCreateTopics,
    maxRequestBytes: o.maxRequestBytes,
    offsetsRetentionMs: o.offsetsRetentionMs,
    logCleanerBackoffMs: o.logCleanerBackoffMs,
    logCleanerEnable: o.logCleanerEnable,
  });
}

function describeOne(r: Resource, includeSynonyms: boolean, req: RequestInfo, ctx: BrokerContext) {
  const head = { resourceType: r.resourceType, resourceName: r.resourceName };
  const found = configsOf(r, req, ctx);
  if (!Array.isArray(found)) return { ...head, ...found, configs: [] };
  const wanted = r.configurationKeys === null || r.configurationKeys.length === 0 ? found : found.filter((c) => r.configurationKeys!.includes(c.name));
  return {
    ...head,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    configs: wanted.map((c) => ({
      name: c.name,
      value: c.value,
      readOnly: c.readOnly,
      configSource: c.source,
      isSensitive: c.isSensitive,
      synonyms: includeSynonyms ? c.synonyms : [],
      configType: c.configType,
      // Documentation is Kafka's own prose; the embedded broker does not repeat it.
      documentation: null,
    })),
  };
}

export const describeConfigsHandler: ApiHandler<typeof DescribeConfigs, 1, 4> = {
  spec: DescribeConfigs,
  minVersion: 1,
  maxVersion: 4,
  handle(body, req, ctx) {
    return { throttleTimeMs: 0, results: body.resources.map((r) => describeOne(r, body.includeSynonyms, req, ctx)) };
  },
};
