import { DeleteGroups } from '../../protocol/apis.js';
import type { ApiHandler } from './types.js';

export const deleteGroupsHandler: ApiHandler<typeof DeleteGroups, 0, 3> = {
  spec: DeleteGroups,
  minVersion: 0,
  maxVersion: 3,
  handle(body, _req, ctx) {
    return { throttleTimeMs: 0, results: ctx.groups.deleteGroups(body.groupsNames) };
  },
};
