import { DescribeGroups } from '../../protocol/apis.js';
import type { ApiHandler } from './types.js';

const NO_AUTHORIZED_OPERATIONS = -2147483648;

export const describeGroupsHandler: ApiHandler<typeof DescribeGroups, 0, 5> = {
  spec: DescribeGroups,
  minVersion: 0,
  maxVersion: 5,
  handle(body, _req, ctx) {
    return {
      throttleTimeMs: 0,
      groups: body.groups.map((id: string) => ({ ...ctx.groups.describe(id), authorizedOperations: NO_AUTHORIZED_OPERATIONS })),
    };
  },
};
