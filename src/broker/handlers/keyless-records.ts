import { Attr, batchSizeAt, Off } from '../../protocol/records/batch-header.js';
import { decodeRecordBatch } from '../../protocol/records/record-batch.js';

/** One refused record, as Produce v8+ carries it in record_errors. */
export interface RecordError {
  /** The record's index within its batch. */
  batchIndex: number;
  batchIndexErrorMessage: string;
}

export interface KeylessRecords {
  recordErrors: RecordError[];
  /** The partition's error message, in Kafka 4.4's words (LogValidator.processRecordErrors). */
  errorMessage: string;
}

/** How Java's ProduceResponse.RecordError prints, since Kafka's partition message lists them so. */
function javaRecordError(e: RecordError): string {
  return `RecordError(batchIndex=${e.batchIndex}, message='${e.batchIndexErrorMessage}')`;
}

/**
 * A compacted topic keeps the latest record per key, so a record without a key could never
 * be kept or replaced: Kafka refuses it with INVALID_RECORD, naming every such record of the
 * first batch that has one. Control batches (transaction markers) are written by the broker
 * and always carry a key, so they are not looked at. `records` must already be validated
 * (whole batches with good CRCs).
 */
export function findKeylessRecords(records: Buffer, topic: string, partition: number): KeylessRecords | null {
  for (let at = 0; at < records.length; at += batchSizeAt(records, at)) {
    const end = at + batchSizeAt(records, at);
    if ((records.readInt16BE(at + Off.attributes) & Attr.control) !== 0) continue;
    const batch = decodeRecordBatch(records.subarray(at, end));
    const recordErrors: RecordError[] = [];
    batch.records.forEach((r, i) => {
      if (r.key === null) {
        recordErrors.push({ batchIndex: i, batchIndexErrorMessage: `Compacted topic cannot accept message without key in topic partition ${topic}-${partition}` });
      }
    });
    if (recordErrors.length > 0) {
      const shown = recordErrors.slice(0, 3).map(javaRecordError).join(', ');
      return {
        recordErrors,
        errorMessage: `One or more records have been rejected due to ${recordErrors.length} record errors in total, and only showing the first three errors at most: [${shown}]`,
      };
    }
  }
  return null;
}
