import { LeaveGroup } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { MemberIdentity } from '../groups/membership.js';
import type { ApiHandler } from './types.js';

/** From v3 a request names a batch of members; before, one member whose error is the top-level one. */
export const leaveGroupHandler: ApiHandler<typeof LeaveGroup, 0, 4> = {
  spec: LeaveGroup,
  // v0 stays, as in Kafka 4.4: kafka-go's Reader sends it.
  minVersion: 0,
  maxVersion: 4,
  handle(body, req, ctx) {
    const batch = req.apiVersion >= 3;
    const leaving: MemberIdentity[] = batch
      ? body.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId ?? null }))
      : [{ memberId: body.memberId, groupInstanceId: null }];
    const { errorCode, memberErrors } = ctx.access.allows(req.requester, 'READ', 'GROUP', body.groupId)
      ? ctx.groups.leave(body.groupId, leaving)
      : { errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, memberErrors: [] };
    if (!batch) return { throttleTimeMs: 0, errorCode: errorCode !== ErrorCode.NONE ? errorCode : (memberErrors[0] ?? ErrorCode.NONE) };
    return {
      throttleTimeMs: 0,
      errorCode,
      members: memberErrors.map((e, i) => ({ memberId: leaving[i]!.memberId, groupInstanceId: leaving[i]!.groupInstanceId, errorCode: e })),
    };
  },
};
