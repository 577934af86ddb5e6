import { CreateAcls } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { bindingFromWire, InvalidAclError, type AclBinding } from '../acl/acl-binding.js';
import type { ApiHandler } from './types.js';

/** What the ACL APIs answer, with SECURITY_DISABLED, on a broker started without an authorizer (Kafka's words). */
export const NO_AUTHORIZER = 'No Authorizer is configured: start the broker with --authorizer (or authorizer.class.name) to use ACLs';

/** CreateAcls: each creation is checked on its own; the valid ones are stored together, durably, before the answer. Needs ALTER on the cluster. */
export const createAclsHandler: ApiHandler<typeof CreateAcls, 1, 3> = {
  spec: CreateAcls,
  minVersion: 1,
  maxVersion: 3,
  handle(body, req, ctx) {
    const everyone = (errorCode: number, errorMessage: string) => ({ throttleTimeMs: 0, results: body.creations.map(() => ({ errorCode, errorMessage })) });
    const store = ctx.access.acls;
    if (!store) return everyone(ErrorCode.SECURITY_DISABLED, NO_AUTHORIZER);
    if (!ctx.access.allowsOnCluster(req.requester, 'ALTER')) return everyone(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, 'Cluster authorization failed: ALTER on the cluster is needed to create ACLs');
    const valid: AclBinding[] = [];
    const results = body.creations.map((c) => {
      try {
        valid.push(bindingFromWire({ ...c, patternType: c.resourcePatternType }));
        return { errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (err) {
        if (err instanceof InvalidAclError) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: err.message };
        throw err;
      }
    });
    if (valid.length > 0) store.add(valid);
    ctx.logger.info({ principal: req.requester.principal, added: valid }, 'ACLs created');
    return { throttleTimeMs: 0, results };
  },
};
