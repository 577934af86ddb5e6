import { statfsSync } from 'node:fs';
import { DescribeLogDirs } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler, BrokerContext } from './types.js';

function diskBytes(dir: string): { totalBytes: number; usableBytes: number } {
  const s = statfsSync(dir);
  return { totalBytes: s.blocks * s.bsize, usableBytes: s.bavail * s.bsize };
}

/** Partitions asked for (all when `topics` is null) that exist, by topic. */
function partitionsOf(topics: { topic: string; partitions: number[] }[] | null, ctx: BrokerContext) {
  const asked = topics ?? ctx.topics.all().map((t) => ({ topic: t.name, partitions: t.partitions.map((_, i) => i) }));
  return asked
    .map((t) => ({
      name: t.topic,
      partitions: t.partitions
        .filter((p) => ctx.topics.partition(t.topic, p) !== undefined)
        .map((p) => ({ partitionIndex: p, partitionSize: ctx.topics.partition(t.topic, p)!.sizeBytes, offsetLag: 0, isFutureKey: false })),
    }))
    .filter((t) => t.partitions.length > 0);
}

/** DescribeLogDirs: the one data folder, its partitions' sizes and the disk's room. */
export const describeLogDirsHandler: ApiHandler<typeof DescribeLogDirs, 1, 5> = {
  spec: DescribeLogDirs,
  minVersion: 1,
  maxVersion: 5,
  handle(body, req, ctx) {
    // DESCRIBE on the cluster, as in Kafka; v0-2 have no top-level error, so a denied client just sees no log dir.
    if (!ctx.access.allowsOnCluster(req.requester, 'DESCRIBE')) return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, results: [] };
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      results: [{ errorCode: ErrorCode.NONE, logDir: ctx.options.dataDir, topics: partitionsOf(body.topics, ctx), ...diskBytes(ctx.options.dataDir), isCordoned: false }],
    };
  },
};
