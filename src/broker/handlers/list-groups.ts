import { ListGroups } from '../../protocol/apis.js';
import type { ApiHandler } from './types.js';

export const listGroupsHandler: ApiHandler<typeof ListGroups, 0, 4> = {
  spec: ListGroups,
  minVersion: 0,
  maxVersion: 4,
  handle(body, req, ctx) {
    const { errorCode, groups } = ctx.groups.listGroups(body.statesFilter ?? []);
    // DESCRIBE on the cluster lists every group; without it, those the client may DESCRIBE, as Kafka does.
    const all = ctx.access.allowsOnCluster(req.requester, 'DESCRIBE');
    return { throttleTimeMs: 0, errorCode, groups: all ? groups : groups.filter((g) => ctx.access.allows(req.requester, 'DESCRIBE', 'GROUP', g.groupId)) };
  },
};
