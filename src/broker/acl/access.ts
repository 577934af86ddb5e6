import { AclOperation, CLUSTER_NAME, type AclResourceType, type CheckedOperation } from './acl-codes.js';
import { AclStore } from './acl-store.js';
import { Authorizer, type AuthorizerSettings, type Requester } from './authorizer.js';

export type { Requester } from './authorizer.js';

/**
 * The one place handlers ask whether a request may go ahead. Without an authorizer configured every
 * request may, as in Kafka; with one, the ACLs decide (see Authorizer).
 */
export class Access {
  private constructor(
    /** The ACLs, when an authorizer is configured; the ACL APIs answer SECURITY_DISABLED without. */
    readonly acls: AclStore | undefined,
    private readonly authorizer: Authorizer | undefined,
  ) {}

  static open(): Access {
    return new Access(undefined, undefined);
  }

  static withAcls(dataDir: string, settings: AuthorizerSettings): Access {
    const store = new AclStore(dataDir);
    return new Access(store, new Authorizer(store, settings));
  }

  allows(who: Requester, operation: CheckedOperation, type: AclResourceType, name: string): boolean {
    return this.authorizer?.authorize(who, operation, type, name) ?? true;
  }

  allowsOnCluster(who: Requester, operation: CheckedOperation): boolean {
    return this.allows(who, operation, 'CLUSTER', CLUSTER_NAME);
  }

  /** Whether the operation is allowed on at least one resource of the type (Kafka's authorizeByResourceType). */
  allowsAny(who: Requester, operation: CheckedOperation, type: AclResourceType): boolean {
    return this.authorizer?.authorizeAny(who, operation, type) ?? true;
  }

  /** The authorized-operations bit field of a resource: the bits of `supported` this requester is allowed (Kafka's AclOperation codes). */
  operations(who: Requester, type: AclResourceType, name: string, supported: readonly CheckedOperation[]): number {
    return supported.filter((op) => this.allows(who, op, type, name)).reduce((acc, op) => acc | (1 << AclOperation[op]), 0);
  }
}
