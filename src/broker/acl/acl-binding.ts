import { AclOperation, CLUSTER_NAME, nameOf, PatternType, Permission, ResourceType, type AclResourceType, type OperationName } from './acl-codes.js';

/** One ACL: who (principal, host) may or may not do what (operation) to which resources (type, pattern, name). */
export interface AclBinding {
  resourceType: AclResourceType;
  patternType: 'LITERAL' | 'PREFIXED';
  resourceName: string;
  /** `User:alice`, or `User:*` for every principal. */
  principal: string;
  /** A client address, or `*` for every host. */
  host: string;
  operation: Exclude<OperationName, 'UNKNOWN' | 'ANY'>;
  permission: 'ALLOW' | 'DENY';
}

/** An ACL as it travels on the wire: every enum as its code. */
export interface WireAcl {
  resourceType: number;
  resourceName: string;
  patternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}

export class InvalidAclError extends Error {
  override readonly name = 'InvalidAclError';
}

const ACL_RESOURCE_TYPES: readonly string[] = ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID'] satisfies AclResourceType[];

/** Checks a new ACL as Kafka does before storing it; the error says which part is wrong. */
export function bindingFromWire(w: WireAcl): AclBinding {
  const resourceType = nameOf(ResourceType, w.resourceType);
  if (resourceType === undefined || !ACL_RESOURCE_TYPES.includes(resourceType)) {
    throw new InvalidAclError(`resource type ${resourceType ?? w.resourceType} cannot carry an ACL; use TOPIC, GROUP, CLUSTER or TRANSACTIONAL_ID`);
  }
  const patternType = nameOf(PatternType, w.patternType);
  if (patternType !== 'LITERAL' && patternType !== 'PREFIXED') throw new InvalidAclError(`pattern type ${patternType ?? w.patternType} is not one an ACL can have; use LITERAL or PREFIXED`);
  if (w.resourceName === '') throw new InvalidAclError('the resource name is empty');
  if (resourceType === 'CLUSTER' && w.resourceName !== CLUSTER_NAME) throw new InvalidAclError(`the cluster resource is named ${CLUSTER_NAME}, not ${w.resourceName}`);
  if (!/^[^:]+:.+$/.test(w.principal)) throw new InvalidAclError(`principal ${JSON.stringify(w.principal)} is not of the form User:NAME`);
  if (w.host === '') throw new InvalidAclError('the host is empty; use * for every host');
  const operation = nameOf(AclOperation, w.operation);
  if (operation === undefined || operation === 'UNKNOWN' || operation === 'ANY') throw new InvalidAclError(`operation ${operation ?? w.operation} is not one an ACL can have`);
  const permission = nameOf(Permission, w.permissionType);
  if (permission !== 'ALLOW' && permission !== 'DENY') throw new InvalidAclError(`permission type ${permission ?? w.permissionType} is not one an ACL can have; use ALLOW or DENY`);
  return { resourceType: resourceType as AclResourceType, patternType, resourceName: w.resourceName, principal: w.principal, host: w.host, operation, permission };
}

export function bindingToWire(b: AclBinding): WireAcl {
  return {
    resourceType: ResourceType[b.resourceType],
    resourceName: b.resourceName,
    patternType: PatternType[b.patternType],
    principal: b.principal,
    host: b.host,
    operation: AclOperation[b.operation],
    permissionType: Permission[b.permission],
  };
}

export function sameBinding(a: AclBinding, b: AclBinding): boolean {
  return (
    a.resourceType === b.resourceType &&
    a.patternType === b.patternType &&
    a.resourceName === b.resourceName &&
    a.principal === b.principal &&
    a.host === b.host &&
    a.operation === b.operation &&
    a.permission === b.permission
  );
}
