import { InitProducerId } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler } from './types.js';

/**
 * Idempotent producers only: a transactional id needs a transaction
 * coordinator, which the embedded broker does not have (FindCoordinator says
 * so with a message first).
 */
export const initProducerIdHandler: ApiHandler<typeof InitProducerId, 0, 4> = {
  spec: InitProducerId,
  minVersion: 0,
  maxVersion: 4,
  handle(body, req, ctx) {
    if (body.transactionalId !== null) {
      ctx.logger.warn({ peer: req.peer, transactionalId: body.transactionalId }, 'refused InitProducerId with a transactional id: transactions are not supported');
      return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REQUEST, producerId: -1, producerEpoch: -1 };
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, ...ctx.producers.initProducerId() };
  },
};
