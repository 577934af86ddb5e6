import type { AclBinding } from './acl-binding.js';
import { WILDCARD, type AclResourceType, type CheckedOperation } from './acl-codes.js';
import type { AclStore } from './acl-store.js';

/** Who asks: Kafka's principal (`User:alice`, `User:ANONYMOUS` without SASL) and the client's address. */
export interface Requester {
  principal: string;
  host: string;
}

export interface AuthorizerSettings {
  /** Principals allowed everything, whatever the ACLs say (Kafka's super.users). */
  superUsers: readonly string[];
  /** Whether a resource no ACL names is open to everyone (Kafka's allow.everyone.if.no.acl.found; default false). */
  allowEveryoneIfNoAclFound: boolean;
}

/** The operations whose ALLOW also allows another (Kafka's implied operations): READ, WRITE, DELETE and ALTER imply DESCRIBE; ALTER_CONFIGS implies DESCRIBE_CONFIGS. */
const IMPLIED_BY: Partial<Record<CheckedOperation, readonly string[]>> = {
  DESCRIBE: ['READ', 'WRITE', 'DELETE', 'ALTER'],
  DESCRIBE_CONFIGS: ['ALTER_CONFIGS'],
};

/** Whether an ACL's resource pattern covers a resource name: the same literal name, the literal wildcard, or a prefix of it. */
export function patternCovers(b: AclBinding, name: string): boolean {
  if (b.patternType === 'PREFIXED') return name.startsWith(b.resourceName);
  return b.resourceName === name || b.resourceName === WILDCARD;
}

function principalMatches(b: AclBinding, who: Requester): boolean {
  return (b.principal === who.principal || b.principal === 'User:*') && (b.host === who.host || b.host === WILDCARD);
}

/**
 * Kafka's standard authorizer over the ACLs of an AclStore: super users may do anything; otherwise a
 * DENY that matches wins over any ALLOW, an ALLOW of the operation (or ALL, or one implying it) is
 * needed, and a resource that no ACL covers is open only with allow.everyone.if.no.acl.found.
 */
export class Authorizer {
  constructor(
    private readonly store: AclStore,
    private readonly settings: AuthorizerSettings,
  ) {}

  isSuperUser(who: Requester): boolean {
    return this.settings.superUsers.includes(who.principal);
  }

  authorize(who: Requester, operation: CheckedOperation, type: AclResourceType, name: string): boolean {
    if (this.isSuperUser(who)) return true;
    const covering = this.store.all().filter((b) => b.resourceType === type && patternCovers(b, name));
    if (covering.length === 0) return this.settings.allowEveryoneIfNoAclFound;
    const mine = covering.filter((b) => principalMatches(b, who));
    if (mine.some((b) => b.permission === 'DENY' && (b.operation === operation || b.operation === 'ALL'))) return false;
    const implying = IMPLIED_BY[operation] ?? [];
    return mine.some((b) => b.permission === 'ALLOW' && (b.operation === operation || b.operation === 'ALL' || implying.includes(b.operation)));
  }

  /**
   * Whether some resource of the type would allow the operation (Kafka's authorizeByResourceType,
   * by which WRITE on any topic lets a producer be idempotent): an ALLOW whose own pattern no DENY
   * of this requester takes back whole.
   */
  authorizeAny(who: Requester, operation: CheckedOperation, type: AclResourceType): boolean {
    if (this.isSuperUser(who)) return true;
    const mine = this.store.all().filter((b) => b.resourceType === type && principalMatches(b, who) && (b.operation === operation || b.operation === 'ALL'));
    const denies = mine.filter((b) => b.permission === 'DENY');
    if (denies.some((d) => d.patternType === 'LITERAL' && d.resourceName === WILDCARD)) return false;
    const allows = mine.filter((b) => b.permission === 'ALLOW');
    if (allows.length === 0) return this.settings.allowEveryoneIfNoAclFound && !this.store.all().some((b) => b.resourceType === type);
    return allows.some((a) => !denies.some((d) => (d.patternType === 'PREFIXED' ? a.resourceName.startsWith(d.resourceName) : d.resourceName === a.resourceName && d.patternType === a.patternType)));
  }
}
