import { InvalidAclError, type AclBinding } from './acl-binding.js';
import { AclOperation, nameOf, PatternType, Permission, ResourceType, WILDCARD } from './acl-codes.js';

/** A DescribeAcls or DeleteAcls filter as on the wire: null and ANY match everything. */
export interface WireAclFilter {
  resourceTypeFilter: number;
  resourceNameFilter: string | null;
  patternTypeFilter: number;
  principalFilter: string | null;
  hostFilter: string | null;
  operation: number;
  permissionType: number;
}

/** Refuses a filter with an unknown code in it, as Kafka does (INVALID_REQUEST). */
export function checkFilter(f: WireAclFilter): void {
  const fields: [string, Record<string, number>, number][] = [
    ['resource type', ResourceType, f.resourceTypeFilter],
    ['pattern type', PatternType, f.patternTypeFilter],
    ['operation', AclOperation, f.operation],
    ['permission type', Permission, f.permissionType],
  ];
  for (const [what, codes, code] of fields) {
    const name = nameOf(codes, code);
    if (name === undefined || name === 'UNKNOWN') throw new InvalidAclError(`the filter's ${what} ${code} is unknown`);
  }
}

/** Whether a filter's resource part matches a binding; MATCH also takes the wildcard and the prefixes that cover the name (Kafka's ResourcePatternFilter). */
function resourceMatches(f: WireAclFilter, b: AclBinding): boolean {
  if (f.resourceTypeFilter !== ResourceType.ANY && f.resourceTypeFilter !== ResourceType[b.resourceType]) return false;
  const name = f.resourceNameFilter;
  switch (f.patternTypeFilter) {
    case PatternType.ANY:
      return name === null || name === b.resourceName;
    case PatternType.MATCH:
      if (name === null) return true;
      if (b.patternType === 'PREFIXED') return name.startsWith(b.resourceName);
      return b.resourceName === name || b.resourceName === WILDCARD;
    default:
      return f.patternTypeFilter === PatternType[b.patternType] && (name === null || name === b.resourceName);
  }
}

export function filterMatches(f: WireAclFilter, b: AclBinding): boolean {
  return (
    resourceMatches(f, b) &&
    (f.principalFilter === null || f.principalFilter === b.principal) &&
    (f.hostFilter === null || f.hostFilter === b.host) &&
    (f.operation === AclOperation.ANY || f.operation === AclOperation[b.operation]) &&
    (f.permissionType === Permission.ANY || f.permissionType === Permission[b.permission])
  );
}
