import { OffsetDelete } from '../../protocol/apis.js';
import type { ApiHandler } from './types.js';

export const offsetDeleteHandler: ApiHandler<typeof OffsetDelete, 0, 0> = {
  spec: OffsetDelete,
  minVersion: 0,
  maxVersion: 0,
  handle(body, _req, ctx) {
    const topics = body.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => p.partitionIndex) }));
    return { throttleTimeMs: 0, ...ctx.groups.deleteOffsets(body.groupId, topics, (name) => ctx.topics.get(name) !== undefined) };
  },
};
