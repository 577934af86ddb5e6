import { DeleteAcls } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { bindingToWire, InvalidAclError, type AclBinding } from '../acl/acl-binding.js';
import { checkFilter, filterMatches } from '../acl/acl-filter.js';
import { NO_AUTHORIZER } from './create-acls.js';
import type { ApiHandler } from './types.js';

/** DeleteAcls: every ACL each filter matches is removed (all filters in one durable write) and listed back. Needs ALTER on the cluster. */
export const deleteAclsHandler: ApiHandler<typeof DeleteAcls, 1, 3> = {
  spec: DeleteAcls,
  minVersion: 1,
  maxVersion: 3,
  handle(body, req, ctx) {
    const everyone = (errorCode: number, errorMessage: string) => ({ throttleTimeMs: 0, filterResults: body.filters.map(() => ({ errorCode, errorMessage, matchingAcls: [] })) });
    const store = ctx.access.acls;
    if (!store) return everyone(ErrorCode.SECURITY_DISABLED, NO_AUTHORIZER);
    if (!ctx.access.allowsOnCluster(req.requester, 'ALTER')) return everyone(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, 'Cluster authorization failed: ALTER on the cluster is needed to delete ACLs');
    const removed = new Set<AclBinding>();
    const filterResults = body.filters.map((f) => {
      try {
        checkFilter(f);
      } catch (err) {
        if (err instanceof InvalidAclError) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: err.message, matchingAcls: [] };
        throw err;
      }
      const matching = store.all().filter((b) => filterMatches(f, b));
      for (const b of matching) removed.add(b);
      return { errorCode: ErrorCode.NONE, errorMessage: null, matchingAcls: matching.map((b) => ({ errorCode: ErrorCode.NONE, errorMessage: null, ...bindingToWire(b) })) };
    });
    if (removed.size > 0) store.remove([...removed]);
    ctx.logger.info({ principal: req.requester.principal, removed: [...removed] }, 'ACLs deleted');
    return { throttleTimeMs: 0, filterResults };
  },
};
