import { EndTxn } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { fencedForVersion } from '../txn/fenced-error.js';
import type { ApiHandler } from './types.js';

const FIRST_FENCED_VERSION = 2;

/**
 * Commits or aborts: markers go into every partition of the transaction and
 * its pending offsets are committed (or dropped) before the answer, so a
 * read_committed reader sees the transaction as soon as the producer does.
 * v5 answers the producer id and epoch to go on with; at transaction.version 1
 * they do not change.
 */
export const endTxnHandler: ApiHandler<typeof EndTxn, 0, 5> = {
  spec: EndTxn,
  minVersion: 0,
  maxVersion: 5,
  handle(body, req, ctx) {
    if (!ctx.access.allows(req.requester, 'WRITE', 'TRANSACTIONAL_ID', body.transactionalId)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, producerId: -1, producerEpoch: -1 };
    }
    const checked = ctx.txn.check(body);
    if (!checked.txn) {
      return { throttleTimeMs: 0, errorCode: fencedForVersion(checked.errorCode, req.apiVersion, FIRST_FENCED_VERSION), producerId: -1, producerEpoch: -1 };
    }
    const errorCode = ctx.txn.endTxn(checked.txn, body.committed ? 'commit' : 'abort');
    if (errorCode !== ErrorCode.NONE) {
      ctx.logger.warn({ peer: req.peer, transactionalId: body.transactionalId, state: checked.txn.state, committed: body.committed }, 'refused EndTxn');
    }
    return { throttleTimeMs: 0, errorCode, producerId: body.producerId, producerEpoch: body.producerEpoch };
  },
};
