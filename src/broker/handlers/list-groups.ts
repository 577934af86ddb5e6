import { ListGroups } from '../../protocol/apis.js';
import type { ApiHandler } from './types.js';

export const listGroupsHandler: ApiHandler<typeof ListGroups, 0, 4> = {
  spec: ListGroups,
  minVersion: 0,
  maxVersion: 4,
  handle(body, _req, ctx) {
    return { throttleTimeMs: 0, ...ctx.groups.listGroups(body.statesFilter ?? []) };
  },
};
