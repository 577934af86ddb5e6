/**
 * Kafka's ACL enums as their wire codes (org.apache.kafka.common.resource.ResourceType,
 * PatternType, acl.AclOperation and AclPermissionType), with the names its tools print.
 */
export const ResourceType = { UNKNOWN: 0, ANY: 1, TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6, USER: 7 } as const;
export const PatternType = { UNKNOWN: 0, ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;
export const AclOperation = {
  UNKNOWN: 0,
  ANY: 1,
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
} as const;
export const Permission = { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 } as const;

export type ResourceTypeName = keyof typeof ResourceType;
export type PatternTypeName = keyof typeof PatternType;
export type OperationName = keyof typeof AclOperation;
export type PermissionName = keyof typeof Permission;

/** The resource types an ACL may name (Kafka's DELEGATION_TOKEN and USER have no meaning here). */
export type AclResourceType = 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID';
/** An operation a request is checked for (never ANY, ALL or UNKNOWN). */
export type CheckedOperation = Exclude<OperationName, 'UNKNOWN' | 'ANY' | 'ALL'>;

/** The one cluster resource's name, as Kafka names it. */
export const CLUSTER_NAME = 'kafka-cluster';
/** A literal ACL on this name matches every resource of its type. */
export const WILDCARD = '*';

export function nameOf<T extends Record<string, number>>(codes: T, code: number): keyof T | undefined {
  return (Object.keys(codes) as (keyof T)[]).find((k) => codes[k] === code);
}
