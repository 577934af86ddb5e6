import { Heartbeat } from '../../protocol/apis.js';
import type { ApiHandler } from './types.js';

export const heartbeatHandler: ApiHandler<typeof Heartbeat, 1, 4> = {
  spec: Heartbeat,
  minVersion: 1,
  maxVersion: 4,
  handle(body, _req, ctx) {
    return { throttleTimeMs: 0, errorCode: ctx.groups.heartbeat(body.groupId, body.memberId, body.groupInstanceId ?? null, body.generationId) };
  },
};
