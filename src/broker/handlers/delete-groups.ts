import { DeleteGroups } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler } from './types.js';

export const deleteGroupsHandler: ApiHandler<typeof DeleteGroups, 0, 3> = {
  spec: DeleteGroups,
  minVersion: 0,
  maxVersion: 3,
  handle(body, req, ctx) {
    // DELETE on each group; the denied are answered GROUP_AUTHORIZATION_FAILED and left alone.
    const names: string[] = body.groupsNames;
    const allowed = names.filter((g) => ctx.access.allows(req.requester, 'DELETE', 'GROUP', g));
    const deleted = new Map(ctx.groups.deleteGroups(allowed).map((r) => [r.groupId, r]));
    return { throttleTimeMs: 0, results: names.map((groupId) => deleted.get(groupId) ?? { groupId, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED }) };
  },
};
