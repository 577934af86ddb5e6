import { DescribeAcls } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { bindingToWire, InvalidAclError } from '../acl/acl-binding.js';
import { checkFilter, filterMatches } from '../acl/acl-filter.js';
import { NO_AUTHORIZER } from './create-acls.js';
import type { ApiHandler } from './types.js';

interface ResourceAcls {
  resourceType: number;
  resourceName: string;
  patternType: number;
  acls: { principal: string; host: string; operation: number; permissionType: number }[];
}

/** DescribeAcls: the ACLs a filter matches, grouped by resource pattern; needs DESCRIBE on the cluster. */
export const describeAclsHandler: ApiHandler<typeof DescribeAcls, 1, 3> = {
  spec: DescribeAcls,
  minVersion: 1,
  maxVersion: 3,
  handle(body, req, ctx) {
    const fail = (errorCode: number, errorMessage: string) => ({ throttleTimeMs: 0, errorCode, errorMessage, resources: [] });
    const store = ctx.access.acls;
    if (!store) return fail(ErrorCode.SECURITY_DISABLED, NO_AUTHORIZER);
    if (!ctx.access.allowsOnCluster(req.requester, 'DESCRIBE')) return fail(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, 'Cluster authorization failed: DESCRIBE on the cluster is needed to list ACLs');
    try {
      checkFilter(body);
    } catch (err) {
      if (err instanceof InvalidAclError) return fail(ErrorCode.INVALID_REQUEST, err.message);
      throw err;
    }
    const resources = new Map<string, ResourceAcls>();
    for (const b of store.all().filter((x) => filterMatches(body, x))) {
      const w = bindingToWire(b);
      const key = `${w.resourceType}|${w.patternType}|${w.resourceName}`;
      let r = resources.get(key);
      if (!r) resources.set(key, (r = { resourceType: w.resourceType, resourceName: w.resourceName, patternType: w.patternType, acls: [] }));
      r.acls.push({ principal: w.principal, host: w.host, operation: w.operation, permissionType: w.permissionType });
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, resources: [...resources.values()] };
  },
};
