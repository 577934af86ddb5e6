import type { Logger } from '../../log.js';
import type { Access, Requester } from '../acl/access.js';
import type { Request, Response } from '../../protocol/message-types.js';
import type { ApiSpec } from '../../protocol/schema.js';
import type { ResolvedBrokerOptions } from '../config.js';
import type { FetchWaiters } from '../fetch-waiters.js';
import type { GroupCoordinator } from '../groups/coordinator.js';
import type { SecurityProtocol } from '../listeners.js';
import type { SaslSession } from '../security/sasl-session.js';
import type { IdempotentProducers } from '../producers/idempotent-producers.js';
import type { TopicRegistry } from '../topics.js';
import type { TransactionCoordinator } from '../txn/txn-coordinator.js';
import type { TxnPartitions } from '../txn/txn-partitions.js';
import type { WarningLog } from '../warning-log.js';

/** What every handler may use: the broker's state, never another connection's. */
export interface BrokerContext {
  options: ResolvedBrokerOptions;
  topics: TopicRegistry;
  waiters: FetchWaiters;
  /** Consumer groups and committed offsets. */
  groups: GroupCoordinator;
  /** Producer ids and the sequence state that de-duplicates retried batches. */
  producers: IdempotentProducers;
  /** Transactional ids, their producers and open transactions. */
  txn: TransactionCoordinator;
  /** Per partition: open and aborted transactions, the last stable offset. */
  txnPartitions: TxnPartitions;
  logger: Logger;
  /** Repeating warnings (failed logins, refused versions, bad input, connections over the limit), written once per peer and kind per window with a count. */
  warnings: WarningLog;
  /** Whether a requester may do an operation on a resource (the ACLs, when an authorizer is configured). */
  access: Access;
  /** The node id this broker reports in metadata. */
  nodeId: number;
  clusterId: string;
  /** Every listener as bound (its real port when 0 was asked), for the broker's `listeners` config. */
  listeners(): readonly { name: string; protocol: SecurityProtocol; host: string; port: number; advertised(): { host: string; port: number } }[];
  /** Every API and version range this broker serves, for ApiVersions. */
  apiVersions(): { apiKey: number; minVersion: number; maxVersion: number }[];
}

export interface RequestInfo {
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  /** The remote address, for logs. */
  peer: string;
  /** The advertised address of the listener this request came in on: the broker address a client is told, so it stays on its listener. */
  listener: { host: string; port: number };
  /** Who sends this request, for the ACLs: `User:NAME` once SASL-authenticated, `User:ANONYMOUS` before or without; and the client's address. */
  requester: Requester;
  /** This connection's SASL state, on a listener that requires SASL. */
  sasl: SaslSession | undefined;
  /** A failed login: logged through the rate-limited warning log, and the connection closed once the response is sent. */
  rejectLogin(reason: string): void;
}

/** Returned by a handler that must not answer (Produce with acks=0). */
export const NO_RESPONSE = Symbol('no response');

export type Answer<R> = R | typeof NO_RESPONSE;

/**
 * One API the broker serves, typed by its spec and the versions it serves:
 * `handle` gets the request as decoded for those versions and must return a
 * response with every field they all need (see message-types.ts), e.g.
 * `ApiHandler<typeof JoinGroup, 2, 6>`.
 */
export interface ApiHandler<S extends ApiSpec, Min extends number, Max extends number> {
  spec: S;
  /** The versions this broker advertises; a subset of what the spec can encode. */
  minVersion: Min;
  maxVersion: Max;
  handle(body: Request<S, Min, Max>, req: RequestInfo, ctx: BrokerContext): Answer<Response<S, Min, Max>> | Promise<Answer<Response<S, Min, Max>>>;
}

/**
 * Any handler, as the connection sees it: it decodes with `spec` and hands the
 * body to that same handler's `handle`, which is what makes the plain record
 * types here safe. (Method syntax keeps `handle` assignable from every typed one.)
 */
export interface ServedApi {
  spec: ApiSpec;
  minVersion: number;
  maxVersion: number;
  handle(body: Record<string, unknown>, req: RequestInfo, ctx: BrokerContext): Answer<Record<string, unknown>> | Promise<Answer<Record<string, unknown>>>;
}
