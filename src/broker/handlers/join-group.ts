import { JoinGroup } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { JoinResult } from '../groups/member.js';
import { clientHost } from '../groups/client-host.js';
import type { ApiHandler } from './types.js';

function response(r: JoinResult) {
  return {
    throttleTimeMs: 0,
    errorCode: r.errorCode,
    generationId: r.generationId,
    protocolName: r.protocolName ?? '',
    leader: r.leader,
    memberId: r.memberId,
    members: r.members,
  };
}

export const joinGroupHandler: ApiHandler<typeof JoinGroup, 0, 6> = {
  spec: JoinGroup,
  minVersion: 0,
  maxVersion: 6,
  async handle(body, req, ctx) {
    if (!ctx.access.allows(req.requester, 'READ', 'GROUP', body.groupId)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, generationId: -1, protocolName: '', leader: '', memberId: '', members: [] };
    }
    const result = await ctx.groups.join(body.groupId, {
      memberId: body.memberId,
      groupInstanceId: body.groupInstanceId ?? null,
      requireKnownMemberId: req.apiVersion >= 4,
      clientId: req.clientId ?? '',
      clientHost: clientHost(req.peer),
      sessionTimeoutMs: body.sessionTimeoutMs,
      // v0 has no rebalance timeout: Kafka uses the session timeout for it.
      rebalanceTimeoutMs: req.apiVersion === 0 ? body.sessionTimeoutMs : body.rebalanceTimeoutMs,
      protocolType: body.protocolType,
      // Copied: the request buffer is not ours to keep.
      protocols: body.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })),
    });
    return response(result);
  },
};
