import { AddOffsetsToTxn } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { fencedForVersion } from '../txn/fenced-error.js';
import type { ApiHandler } from './types.js';

const FIRST_FENCED_VERSION = 2;

/** Adds a consumer group to the transaction, so that TxnOffsetCommit may commit its offsets in it. */
export const addOffsetsToTxnHandler: ApiHandler<typeof AddOffsetsToTxn, 0, 4> = {
  spec: AddOffsetsToTxn,
  minVersion: 0,
  maxVersion: 4,
  handle(body, req, ctx) {
    if (body.groupId === '') return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_GROUP_ID };
    if (!ctx.access.allows(req.requester, 'WRITE', 'TRANSACTIONAL_ID', body.transactionalId)) return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED };
    if (!ctx.access.allows(req.requester, 'READ', 'GROUP', body.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
    const checked = ctx.txn.check(body);
    if (!checked.txn) return { throttleTimeMs: 0, errorCode: fencedForVersion(checked.errorCode, req.apiVersion, FIRST_FENCED_VERSION) };
    ctx.txn.addGroup(checked.txn, body.groupId);
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE };
  },
};
