import { Heartbeat } from '../../protocol/apis.js';
import type { ApiHandler } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const heartbeatHandler: ApiHandler = {
  spec: Heartbeat,
  minVersion: 1,
  maxVersion: 4,
  handle(body: any, _req, ctx) {
    return { throttleTimeMs: 0, errorCode: ctx.groups.heartbeat(body.groupId, body.memberId, body.groupInstanceId ?? null, body.generationId) };
  },
};
