import { ErrorCode } from '../../protocol/error-codes.js';

/**
 * PRODUCER_FENCED came with KIP-588; a client speaking an older version of the
 * API knows the same situation as INVALID_PRODUCER_EPOCH, which Kafka sends it.
 */
export function fencedForVersion(errorCode: number, apiVersion: number, firstFencedVersion: number): number {
  return errorCode === ErrorCode.PRODUCER_FENCED && apiVersion < firstFencedVersion ? ErrorCode.INVALID_PRODUCER_EPOCH : errorCode;
}
