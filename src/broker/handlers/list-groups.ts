import { ListGroups } from '../../protocol/apis.js';
import type { ApiHandler } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const listGroupsHandler: ApiHandler = {
  spec: ListGroups,
  minVersion: 0,
  maxVersion: 4,
  handle(body: any, _req, ctx) {
    return { throttleTimeMs: 0, ...ctx.groups.listGroups(body.statesFilter ?? []) };
  },
};
