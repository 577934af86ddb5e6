import { ErrorCode } from '../../protocol/error-codes.js';
import { batchesToMessageSet } from '../../protocol/records/down-convert.js';
import { CorruptMessageSetError, recordSetMagic } from '../../protocol/records/message-set.js';
import { messageSetToBatch } from '../../protocol/records/up-convert.js';
import { CURRENT_MAGIC } from '../../protocol/records/batch-header.js';

/**
 * The bridge between old clients' message sets (magic 0/1) and the v2
 * batches the log stores. Produce v0-v2 and Fetch v0-v3 are the versions
 * whose clients speak message sets.
 */
export const FIRST_BATCH_PRODUCE_VERSION = 3;
export const FIRST_BATCH_FETCH_VERSION = 4;

export type UpConverted = { ok: true; batches: Buffer } | { ok: false; errorCode: number; message: string };

/** A Produce v0-v2 partition's message set as one v2 batch, or the error to answer. */
export function upConvertProduced(records: Buffer, now: number): UpConverted {
  const magic = recordSetMagic(records);
  if (magic === CURRENT_MAGIC) {
    return { ok: false, errorCode: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, message: 'Produce v0-v2 carries magic 0/1 message sets; send record batches with Produce v3 or later' };
  }
  try {
    return { ok: true, batches: messageSetToBatch(records, now) };
  } catch (err) {
    if (!(err instanceof CorruptMessageSetError)) throw err;
    return { ok: false, errorCode: ErrorCode.CORRUPT_MESSAGE, message: err.message };
  }
}

/** The magic a Fetch version's client reads: 0 for v0-v1, 1 for v2-v3 (KIP-32). */
export function fetchMagic(apiVersion: number): 0 | 1 {
  return apiVersion >= 2 ? 1 : 0;
}

/** Stored batches converted for a Fetch v0-v3 client; the first partition's first message may exceed the limit. */
export function downConvertFetched(data: Buffer, apiVersion: number, fetchOffset: number, maxBytes: number, first: boolean): Buffer {
  if (data.length === 0) return data;
  return batchesToMessageSet(data, fetchMagic(apiVersion), { fetchOffset, maxBytes, allowOversizedFirst: first });
}
