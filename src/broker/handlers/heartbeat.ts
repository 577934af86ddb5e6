import { Heartbeat } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler } from './types.js';

export const heartbeatHandler: ApiHandler<typeof Heartbeat, 0, 4> = {
  spec: Heartbeat,
  // v0 stays, as in Kafka 4.4: kafka-go's Reader sends it.
  minVersion: 0,
  maxVersion: 4,
  handle(body, req, ctx) {
    if (!ctx.access.allows(req.requester, 'READ', 'GROUP', body.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
    return { throttleTimeMs: 0, errorCode: ctx.groups.heartbeat(body.groupId, body.memberId, body.groupInstanceId ?? null, body.generationId) };
  },
};
