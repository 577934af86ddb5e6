import { SyncGroup } from '../../protocol/apis.js';
import type { ApiHandler } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const syncGroupHandler: ApiHandler = {
  spec: SyncGroup,
  minVersion: 1,
  maxVersion: 4,
  async handle(body: any, _req, ctx) {
    const result = await ctx.groups.sync(body.groupId, {
      memberId: body.memberId,
      groupInstanceId: body.groupInstanceId ?? null,
      generationId: body.generationId,
      // Copied: the request buffer is not ours to keep.
      assignments: body.assignments.map((a: any) => ({ memberId: a.memberId, assignment: Buffer.from(a.assignment) })),
    });
    return { throttleTimeMs: 0, errorCode: result.errorCode, assignment: result.assignment };
  },
};
