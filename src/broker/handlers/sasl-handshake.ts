import { ErrorCode } from '../../protocol/error-codes.js';
import { SaslHandshake } from '../../protocol/apis.js';
import type { ApiHandler } from './types.js';

export const saslHandshakeHandler: ApiHandler<typeof SaslHandshake, 0, 1> = {
  spec: SaslHandshake,
  // v0 stays: clients of Kafka 0.10 send it and then raw tokens (see SaslSession).
  minVersion: 0,
  maxVersion: 1,
  handle(body, req) {
    // A listener without SASL is past authentication from the start, as Kafka's PLAINTEXT listener is.
    if (!req.sasl) return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] };
    const { errorCode, mechanisms, thenClose } = req.sasl.handshake(body.mechanism, req.apiVersion);
    if (thenClose) req.rejectLogin(`SaslHandshake for mechanism ${body.mechanism} refused (${errorCode === ErrorCode.UNSUPPORTED_SASL_MECHANISM ? `this listener offers ${mechanisms.join(', ')}` : 'illegal SASL state'})`);
    return { errorCode, mechanisms };
  },
};
