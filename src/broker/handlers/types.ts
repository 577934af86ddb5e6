import type { Logger } from '../../log.js';
import type { ApiSpec } from '../../protocol/schema.js';
import type { ResolvedBrokerOptions } from '../config.js';
import type { FetchWaiters } from '../fetch-waiters.js';
import type { GroupCoordinator } from '../groups/coordinator.js';
import type { IdempotentProducers } from '../producers/idempotent-producers.js';
import type { TopicRegistry } from '../topics.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** What every handler may use: the broker's state, never another connection's. */
export interface BrokerContext {
  options: ResolvedBrokerOptions;
  topics: TopicRegistry;
  waiters: FetchWaiters;
  /** Consumer groups and committed offsets. */
  groups: GroupCoordinator;
  /** Producer ids and the sequence state that de-duplicates retried batches. */
  producers: IdempotentProducers;
  logger: Logger;
  /** The node id this broker reports in metadata. */
  nodeId: number;
  clusterId: string;
  /** The port actually bound (differs from options.port when that was 0). */
  port(): number;
  /** Every API and version range this broker serves, for ApiVersions. */
  apiVersions(): { apiKey: number; minVersion: number; maxVersion: number }[];
}

export interface RequestInfo {
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  /** The remote address, for logs. */
  peer: string;
}

/** Returned by a handler that must not answer (Produce with acks=0). */
export const NO_RESPONSE = Symbol('no response');

export interface ApiHandler {
  spec: ApiSpec;
  /** The versions this broker advertises; a subset of what the spec can encode. */
  minVersion: number;
  maxVersion: number;
  handle(body: any, req: RequestInfo, ctx: BrokerContext): any | Promise<any>;
}
