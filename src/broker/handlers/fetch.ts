import { CorruptCompressedDataError } from '../../protocol/records/compression/errors.js';
import { CorruptBatchError } from '../../protocol/records/errors.js';
import { Fetch } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Request, Response } from '../../protocol/message-types.js';
import { OffsetOutOfRangeError } from '../log/errors.js';
import { isolatedRead, type IsolatedRead } from '../txn/read-committed.js';
import { downConvertFetched, FIRST_BATCH_FETCH_VERSION } from './legacy-records.js';
import type { ApiHandler, BrokerContext } from './types.js';

const EMPTY = Buffer.alloc(0);

/** The versions served, as the handler below declares them. */
type FetchRequest = Request<typeof Fetch, 0, 12>;
type FetchResponse = Response<typeof Fetch, 0, 12>;
type PartitionData = FetchResponse['responses'][number]['partitions'][number];

interface Collected {
  responses: FetchResponse['responses'];
  bytes: number;
  errors: boolean;
}

function partitionResult(index: number, errorCode: number, hw = -1, logStart = -1, records: Buffer = EMPTY, isolated?: IsolatedRead): PartitionData {
  return {
    partitionIndex: index,
    errorCode,
    highWatermark: hw,
    lastStableOffset: isolated?.lastStableOffset ?? hw,
    logStartOffset: logStart,
    // Kafka 4.4 answers an unknown partition with an empty list of aborted transactions, and every other partition with none.
    abortedTransactions: errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION ? [] : (isolated?.abortedTransactions ?? null),
    preferredReadReplica: -1,
    records,
  };
}

/**
 * Reads every requested partition once. The first partition with data may
 * return one batch larger than the limits (KIP-74), so a consumer never
 * stalls on a batch bigger than its fetch size.
 */
function collect(body: FetchRequest, ctx: BrokerContext, apiVersion: number, denied: ReadonlySet<string>): Collected {
  let budget = body.maxBytes > 0 ? body.maxBytes : Number.MAX_SAFE_INTEGER;
  let bytes = 0;
  let errors = false;
  const responses = body.topics.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((p) => {
      if (denied.has(t.topic)) {
        errors = true;
        return partitionResult(p.partition, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
      }
      const log = ctx.topics.partition(t.topic, p.partition);
      if (!log) {
        errors = true;
        return partitionResult(p.partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      }
      const limit = Math.min(p.partitionMaxBytes, budget);
      try {
        const isolated = isolatedRead(ctx.txnPartitions, log, p.fetchOffset, log.read(p.fetchOffset, Math.max(limit, 1)), body.isolationLevel ?? 0);
        const data = isolated.records;
        const records =
          apiVersion < FIRST_BATCH_FETCH_VERSION
            ? downConvertFetched(data, apiVersion, p.fetchOffset, limit, bytes === 0)
            : bytes === 0 || data.length <= limit
              ? data
              : EMPTY;
        bytes += records.length;
        budget = Math.max(0, budget - records.length);
        return partitionResult(p.partition, ErrorCode.NONE, log.logEndOffset, log.logStartOffset, records, isolated);
      } catch (err) {
        if (err instanceof CorruptBatchError || err instanceof CorruptCompressedDataError) {
          // A stored batch an old client's conversion cannot read (its CRC held, its compressed body does not): that partition fails, the rest are served.
          errors = true;
          ctx.logger.warn({ topic: t.topic, partition: p.partition, error: err.message }, 'a stored batch could not be converted for an old client');
          return partitionResult(p.partition, ErrorCode.CORRUPT_MESSAGE, log.logEndOffset, log.logStartOffset);
        }
        if (!(err instanceof OffsetOutOfRangeError)) throw err;
        errors = true;
        return partitionResult(p.partition, ErrorCode.OFFSET_OUT_OF_RANGE, log.logEndOffset, log.logStartOffset);
      }
    }),
  }));
  return { responses, bytes, errors };
}

function response(c: Collected): FetchResponse {
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses: c.responses };
}

/**
 * Fetch sessions (KIP-227) are declined by answering session id 0, which
 * every client treats as "send full fetch requests".
 */
export const fetchHandler: ApiHandler<typeof Fetch, 0, 12> = {
  spec: Fetch,
  minVersion: 0,
  maxVersion: 12,
  async handle(body, req, ctx) {
    // READ on each topic, decided once per request: a long poll does not change its answer.
    const denied = new Set(body.topics.map((t) => t.topic).filter((topic) => !ctx.access.allows(req.requester, 'READ', 'TOPIC', topic)));
    let c = collect(body, ctx, req.apiVersion, denied);
    if (c.bytes >= body.minBytes || c.errors || body.maxWaitMs <= 0) return response(c);
    const partitions: [string, number][] = [];
    for (const t of body.topics) for (const p of t.partitions) partitions.push([t.topic, p.partition]);
    const satisfied = await new Promise<boolean>((resolve) => {
      let unregister = () => {};
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        unregister();
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false), body.maxWaitMs);
      unregister = ctx.waiters.register(partitions, () => {
        c = collect(body, ctx, req.apiVersion, denied);
        if (c.bytes >= body.minBytes || c.errors) finish(true);
      });
    });
    return response(satisfied ? c : collect(body, ctx, req.apiVersion, denied));
  },
};
