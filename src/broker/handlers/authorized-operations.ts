import type { AclResourceType, CheckedOperation } from '../acl/acl-codes.js';
import type { BrokerContext, RequestInfo } from './types.js';

/** What Kafka answers when the client did not ask (`include*AuthorizedOperations` false). */
export const NOT_ASKED = -2147483648;

/** The operations each resource supports, as Kafka lists them for its authorized-operations bit fields. */
const SUPPORTED: Record<Exclude<AclResourceType, 'TRANSACTIONAL_ID'>, readonly CheckedOperation[]> = {
  CLUSTER: ['CREATE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE', 'ALTER', 'DESCRIBE'],
  TOPIC: ['READ', 'WRITE', 'CREATE', 'DESCRIBE', 'DELETE', 'ALTER', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  GROUP: ['READ', 'DESCRIBE', 'DELETE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
};

/**
 * The operations this client may perform on a resource, as the bit field of AclOperation codes that
 * Kafka answers when asked: every supported one without an authorizer, those its ACLs allow with one.
 */
export function authorizedOperations(asked: boolean, req: RequestInfo, ctx: BrokerContext, type: keyof typeof SUPPORTED, name: string): number {
  return asked ? ctx.access.operations(req.requester, type, name, SUPPORTED[type]) : NOT_ASKED;
}
