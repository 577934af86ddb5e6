import { DescribeGroups } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { describeMissing } from '../groups/summaries.js';
import { authorizedOperations } from './authorized-operations.js';
import type { ApiHandler } from './types.js';

/** Needs DESCRIBE on each group; one denied is answered GROUP_AUTHORIZATION_FAILED, unlooked-up. */
export const describeGroupsHandler: ApiHandler<typeof DescribeGroups, 0, 5> = {
  spec: DescribeGroups,
  minVersion: 0,
  maxVersion: 5,
  handle(body, req, ctx) {
    return {
      throttleTimeMs: 0,
      groups: body.groups.map((id: string) =>
        ctx.access.allows(req.requester, 'DESCRIBE', 'GROUP', id)
          ? { ...ctx.groups.describe(id), authorizedOperations: authorizedOperations(body.includeAuthorizedOperations ?? false, req, ctx, 'GROUP', id) }
          : { ...describeMissing(id, ErrorCode.GROUP_AUTHORIZATION_FAILED), authorizedOperations: authorizedOperations(false, req, ctx, 'GROUP', id) },
      ),
    };
  },
};
