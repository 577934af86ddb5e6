import { InitProducerId } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { isStorageFailure } from '../log/errors.js';
import { fencedForVersion } from '../txn/fenced-error.js';
import type { ApiHandler } from './types.js';

/** PRODUCER_FENCED is answered from v4 (KIP-588). */
const FIRST_FENCED_VERSION = 4;

/**
 * Without a transactional id every call starts a new idempotent producer; with
 * one, the transaction coordinator keeps the id's producer id and bumps its
 * epoch, fencing the previous instance.
 */
export const initProducerIdHandler: ApiHandler<typeof InitProducerId, 0, 4> = {
  spec: InitProducerId,
  minVersion: 0,
  maxVersion: 4,
  handle(body, req, ctx) {
    const refused = (errorCode: number) => ({ throttleTimeMs: 0, errorCode, producerId: -1, producerEpoch: -1 });
    const transactional = body.transactionalId !== null;
    if (body.transactionalId === null) {
      // An idempotent producer needs IDEMPOTENT_WRITE on the cluster, or WRITE on some topic (KIP-679), as in Kafka.
      const idempotent = ctx.access.allowsOnCluster(req.requester, 'IDEMPOTENT_WRITE') || ctx.access.allowsAny(req.requester, 'WRITE', 'TOPIC');
      if (!idempotent) return refused(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    } else if (!ctx.access.allows(req.requester, 'WRITE', 'TRANSACTIONAL_ID', body.transactionalId)) {
      return refused(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    }
    let r: { errorCode: number; producerId: number; producerEpoch: number };
    try {
      r = body.transactionalId === null
        ? { errorCode: ErrorCode.NONE, ...ctx.producers.initProducerId() }
        : ctx.txn.initProducerId(body.transactionalId, body.transactionTimeoutMs, body.producerId ?? -1, body.producerEpoch ?? -1);
    } catch (err) {
      if (!isStorageFailure(err)) throw err;
      // A full disk: the next block of producer ids or the transaction state could not be written. Kafka answers a
      // block not yet available COORDINATOR_LOAD_IN_PROGRESS, and a storage error on the transaction log NOT_COORDINATOR; both are retried.
      ctx.logger.warn({ peer: req.peer, transactionalId: body.transactionalId, err: err.message }, 'InitProducerId could not be stored');
      return refused(transactional ? ErrorCode.NOT_COORDINATOR : ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    }
    if (!transactional) return { throttleTimeMs: 0, ...r };
    if (r.errorCode !== ErrorCode.NONE) {
      ctx.logger.warn({ peer: req.peer, transactionalId: body.transactionalId, errorCode: r.errorCode }, 'refused InitProducerId');
    }
    return { throttleTimeMs: 0, ...r, errorCode: fencedForVersion(r.errorCode, req.apiVersion, FIRST_FENCED_VERSION) };
  },
};
