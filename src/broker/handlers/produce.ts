import { CorruptCompressedDataError } from '../../protocol/records/compression/errors.js';
import { CorruptBatchError } from '../../protocol/records/errors.js';
import { Produce } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Request } from '../../protocol/message-types.js';
import { checkBatchAt, describeBatchProblem, type BatchProblem } from '../../protocol/records/batch-header.js';
import { startsTransactional, transactionalProduceProblem } from '../txn/produce-check.js';
import { isCompacted } from '../configs/cleanup-policy.js';
import { LogStorageError } from '../log/errors.js';
import type { AppendResult } from '../log/partition-log.js';
import { findKeylessRecords } from './keyless-records.js';
import { FIRST_BATCH_PRODUCE_VERSION, upConvertProduced } from './legacy-records.js';
import type { ApiHandler, BrokerContext, RequestInfo } from './types.js';
import { NO_RESPONSE } from './types.js';

type PartitionProduceData = Request<typeof Produce, 0, 9>['topicData'][number]['partitionData'][number];

interface PartitionResult {
  index: number;
  errorCode: number;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
  recordErrors: { batchIndex: number; batchIndexErrorMessage: string | null }[];
  errorMessage: string | null;
}

function failed(index: number, errorCode: number, errorMessage: string | null = null): PartitionResult {
  return { index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage };
}

function problemCode(p: BatchProblem): number {
  return p.kind === 'bad-magic' ? ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT : ErrorCode.CORRUPT_MESSAGE;
}

/**
 * Validates every batch of a partition's records without decoding records.
 * Returns an error result, or null when all batches are whole and intact.
 */
function validate(records: Buffer, index: number, maxMessageBytes: number): PartitionResult | null {
  let at = 0;
  let batchIndex = 0;
  while (at < records.length) {
    const size = checkBatchAt(records, at);
    if (typeof size !== 'number') {
      const message = describeBatchProblem(size);
      const r = failed(index, problemCode(size), message);
      r.recordErrors.push({ batchIndex, batchIndexErrorMessage: message });
      return r;
    }
    if (size > maxMessageBytes) {
      return failed(index, ErrorCode.MESSAGE_TOO_LARGE, `batch of ${size} bytes exceeds max.message.bytes ${maxMessageBytes}`);
    }
    at += size;
    batchIndex++;
  }
  return null;
}

function appendPartition(topic: string, p: PartitionProduceData, acks: number, req: RequestInfo, ctx: BrokerContext): PartitionResult {
  const log = ctx.topics.partition(topic, p.index);
  if (!log) {
    ctx.logger.warn({ peer: req.peer, topic, partition: p.index }, 'produce to an unknown topic or partition');
    return failed(p.index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `no partition ${topic}-${p.index}`);
  }
  if (ctx.topics.get(topic)?.internal) {
    return failed(p.index, ErrorCode.INVALID_TOPIC_EXCEPTION, `${topic} is internal to the broker; clients cannot produce to it`);
  }
  let records: Buffer | null = p.records;
  if (!records || records.length === 0) return failed(p.index, ErrorCode.CORRUPT_MESSAGE, 'no record batches');
  if (req.apiVersion < FIRST_BATCH_PRODUCE_VERSION) {
    const converted = upConvertProduced(records, Date.now());
    if (!converted.ok) {
      ctx.logger.warn({ peer: req.peer, topic, partition: p.index, error: converted.message }, 'rejected a produced message set');
      return failed(p.index, converted.errorCode, converted.message);
    }
    records = converted.batches;
  }
  // A partition exists only in a known topic; max.message.bytes is the topic's (an AlterConfigs applies at once).
  const problem = validate(records, p.index, ctx.topics.get(topic)!.maxMessageBytes);
  if (problem) {
    ctx.logger.warn({ peer: req.peer, topic, partition: p.index, error: problem.errorMessage }, 'rejected produced records');
    return problem;
  }
  const txnProblem = transactionalProduceProblem(ctx.txn, topic, p.index, records);
  if (txnProblem) {
    ctx.logger.warn({ peer: req.peer, topic, partition: p.index, error: txnProblem.message }, 'rejected a transactional batch');
    return failed(p.index, txnProblem.errorCode, txnProblem.message);
  }
  let keyless: ReturnType<typeof findKeylessRecords>;
  try {
    keyless = isCompacted(ctx.topics.get(topic)?.configs ?? {}) ? findKeylessRecords(records, topic, p.index) : null;
  } catch (err) {
    // Reading the records found what the batch CRC cannot: a compressed body that does not decompress, or records that do not parse.
    if (!(err instanceof CorruptBatchError || err instanceof CorruptCompressedDataError)) throw err;
    ctx.logger.warn({ peer: req.peer, topic, partition: p.index, error: err.message }, 'rejected produced records');
    return failed(p.index, ErrorCode.CORRUPT_MESSAGE, err.message);
  }
  if (keyless) {
    ctx.logger.warn({ peer: req.peer, topic, partition: p.index, refused: keyless.recordErrors.length }, 'refused records without a key on a compacted topic');
    // Kafka answers the partition's real log start offset beside a record validation error.
    return { ...failed(p.index, ErrorCode.INVALID_RECORD, keyless.errorMessage), logStartOffset: log.logStartOffset, recordErrors: keyless.recordErrors };
  }
  const sequence = ctx.producers.check(log, records);
  if (sequence.kind === 'reject') {
    ctx.logger.warn({ peer: req.peer, topic, partition: p.index, error: sequence.message }, 'rejected an idempotent producer batch');
    return failed(p.index, sequence.errorCode, sequence.message);
  }
  // A retried batch that is already stored is acknowledged with its original offset, as Kafka does.
  if (sequence.kind === 'duplicate') return stored(p.index, sequence.baseOffset, log.logStartOffset);
  let appended: AppendResult;
  try {
    appended = log.append(records, { sync: acks === -1 && ctx.options.fsyncOnAck });
  } catch (err) {
    // The log logged it (rate-limited) and is as it was; the producer retries or gives up by its own settings.
    if (err instanceof LogStorageError) return failed(p.index, ErrorCode.KAFKA_STORAGE_ERROR, err.message);
    throw err;
  }
  ctx.producers.appended(log, records);
  ctx.txnPartitions.appended(log, records);
  ctx.waiters.notify(topic, p.index);
  return stored(p.index, appended.baseOffset, appended.logStartOffset);
}

function stored(index: number, baseOffset: number, logStartOffset: number): PartitionResult {
  return { index, errorCode: ErrorCode.NONE, baseOffset, logAppendTimeMs: -1, logStartOffset, recordErrors: [], errorMessage: null };
}

export const produceHandler: ApiHandler<typeof Produce, 0, 9> = {
  spec: Produce,
  minVersion: 0,
  maxVersion: 9,
  handle(body, req, ctx) {
    const acks: number = body.acks;
    const validAcks = acks === 0 || acks === 1 || acks === -1;
    const everyPartition = (errorCode: number, message: string) => {
      const responses = body.topicData.map((t) => ({ name: t.name, partitionResponses: t.partitionData.map((p) => failed(p.index, errorCode, message)) }));
      return acks === 0 ? NO_RESPONSE : { responses, throttleTimeMs: 0 };
    };
    const transactionalId: string | null = body.transactionalId ?? null;
    if (body.topicData.some((t) => t.partitionData.some((p) => startsTransactional(p.records)))) {
      if (transactionalId === null) {
        ctx.logger.warn({ peer: req.peer }, 'refused a Produce of transactional batches without a transactional id');
        return everyPartition(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, 'transactional batches need the producer\'s transactional id in the Produce request');
      }
      if (!ctx.access.allows(req.requester, 'WRITE', 'TRANSACTIONAL_ID', transactionalId)) {
        return everyPartition(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, `Transactional Id authorization failed: ${req.requester.principal} may not WRITE transactional id ${transactionalId}`);
      }
    }
    const responses = body.topicData.map((t) => {
      const writable = ctx.access.allows(req.requester, 'WRITE', 'TOPIC', t.name);
      return {
        name: t.name,
        partitionResponses: t.partitionData.map((p) =>
          !writable
            ? failed(p.index, ErrorCode.TOPIC_AUTHORIZATION_FAILED, `Topic authorization failed: ${req.requester.principal} may not WRITE ${t.name}`)
            : validAcks
              ? appendPartition(t.name, p, acks, req, ctx)
              : failed(p.index, ErrorCode.INVALID_REQUIRED_ACKS, `acks must be 0, 1 or -1, got ${acks}`),
        ),
      };
    });
    if (acks === 0) return NO_RESPONSE;
    return { responses, throttleTimeMs: 0 };
  },
};
