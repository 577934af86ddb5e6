import { ErrorCode } from '../../protocol/error-codes.js';
import { SaslAuthenticate } from '../../protocol/apis.js';
import type { ApiHandler } from './types.js';

export const saslAuthenticateHandler: ApiHandler<typeof SaslAuthenticate, 0, 2> = {
  spec: SaslAuthenticate,
  minVersion: 0,
  maxVersion: 2,
  async handle(body, req) {
    if (!req.sasl) {
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'SaslAuthenticate request received after successful authentication', authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 };
    }
    const { thenClose, ...answer } = await req.sasl.authenticate(body.authBytes, req.apiVersion);
    if (thenClose) req.rejectLogin(answer.errorMessage ?? 'SASL authentication failed');
    return answer;
  },
};
