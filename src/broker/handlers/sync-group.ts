import { SyncGroup } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler } from './types.js';

export const syncGroupHandler: ApiHandler<typeof SyncGroup, 0, 4> = {
  spec: SyncGroup,
  // v0 stays, as in Kafka 4.4: kafka-go's Reader sends SyncGroup, Heartbeat and LeaveGroup at v0.
  minVersion: 0,
  maxVersion: 4,
  async handle(body, req, ctx) {
    if (!ctx.access.allows(req.requester, 'READ', 'GROUP', body.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, assignment: Buffer.alloc(0) };
    const result = await ctx.groups.sync(body.groupId, {
      memberId: body.memberId,
      groupInstanceId: body.groupInstanceId ?? null,
      generationId: body.generationId,
      // Copied: the request buffer is not ours to keep.
      assignments: body.assignments.map((a) => ({ memberId: a.memberId, assignment: Buffer.from(a.assignment) })),
    });
    return { throttleTimeMs: 0, errorCode: result.errorCode, assignment: result.assignment };
  },
};
