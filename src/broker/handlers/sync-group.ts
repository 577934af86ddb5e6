import { SyncGroup } from '../../protocol/apis.js';
import type { ApiHandler } from './types.js';

export const syncGroupHandler: ApiHandler<typeof SyncGroup, 1, 4> = {
  spec: SyncGroup,
  minVersion: 1,
  maxVersion: 4,
  async handle(body, _req, ctx) {
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
