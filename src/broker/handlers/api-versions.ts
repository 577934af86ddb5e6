import { ApiVersions } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler, BrokerContext } from './types.js';

export const apiVersionsHandler: ApiHandler<typeof ApiVersions, 0, 3> = {
  spec: ApiVersions,
  minVersion: 0,
  maxVersion: 3,
  handle(_body, _req, ctx) {
    return { errorCode: ErrorCode.NONE, apiKeys: ctx.apiVersions(), throttleTimeMs: 0 };
  },
};

/**
 * The answer to an ApiVersions request of a version we lack: Kafka replies in
 * v0 format with UNSUPPORTED_VERSION and its ranges, so the client can retry.
 */
export function unsupportedApiVersionsResponse(ctx: BrokerContext) {
  return { errorCode: ErrorCode.UNSUPPORTED_VERSION, apiKeys: ctx.apiVersions(), throttleTimeMs: 0 };
}
