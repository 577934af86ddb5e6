import { ErrorCode } from '../../protocol/error-codes.js';
import { BrokerConfigs } from '../configs/broker-configs.js';
import { ConfigError } from '../configs/topic-configs.js';
import { TopicError } from '../topics.js';
import { configResource } from './config-resource.js';
import type { BrokerContext, RequestInfo } from './types.js';

/**
 * What AlterConfigs and IncrementalAlterConfigs share: resolve the resource,
 * compute its whole new set of configs from the current one (`next`), check
 * it, and unless validating only, persist and apply it at once.
 */
export interface AlterResult {
  resourceType: number;
  resourceName: string;
  errorCode: number;
  errorMessage: string | null;
}

export function alterResource(
  resourceType: number,
  resourceName: string,
  next: (current: Readonly<Record<string, string>>, isTopic: boolean) => Record<string, string>,
  validateOnly: boolean,
  req: RequestInfo,
  ctx: BrokerContext,
): AlterResult {
  const head = { resourceType, resourceName };
  const resource = configResource(resourceType, resourceName, 'ALTER_CONFIGS', req, ctx);
  if (resource.kind === 'error') return { ...head, errorCode: resource.errorCode, errorMessage: resource.errorMessage };
  try {
    if (resource.kind === 'topic') {
      ctx.topics.setConfigs(resource.topic.name, next(resource.topic.configs, true), validateOnly);
    } else {
      const broker = ctx.topics.brokerConfigs;
      const configs = next(broker.dynamicConfigs(resource.scope), false);
      if (validateOnly) BrokerConfigs.check(configs);
      else {
        broker.set(resource.scope, configs);
        ctx.topics.reapplyBrokerConfigs();
      }
    }
    return { ...head, errorCode: ErrorCode.NONE, errorMessage: null };
  } catch (err) {
    if (err instanceof ConfigError || err instanceof TopicError) return { ...head, errorCode: err.code, errorMessage: err.message };
    throw err;
  }
}
