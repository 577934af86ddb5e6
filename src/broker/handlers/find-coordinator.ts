import { FindCoordinator } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler, BrokerContext, RequestInfo } from './types.js';

const GROUP_KEY = 0;
const TRANSACTION_KEY = 1;

interface Coordinator {
  key: string;
  nodeId: number;
  host: string;
  port: number;
  errorCode: number;
  errorMessage: string | null;
}

function refuse(key: string, errorCode: number, errorMessage: string): Coordinator {
  return { key, nodeId: -1, host: '', port: -1, errorCode, errorMessage };
}

/** On a single node this broker coordinates every group and transactional id; it says so once the groups are loaded. */
function coordinatorFor(key: string, keyType: number, ctx: BrokerContext, req: RequestInfo): Coordinator {
  if (keyType !== GROUP_KEY && keyType !== TRANSACTION_KEY) return refuse(key, ErrorCode.INVALID_REQUEST, `unknown coordinator key type ${keyType}; use 0 (group) or 1 (transaction)`);
  const [type, refusal] = keyType === GROUP_KEY ? (['GROUP', ErrorCode.GROUP_AUTHORIZATION_FAILED] as const) : (['TRANSACTIONAL_ID', ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED] as const);
  if (!ctx.access.allows(req.requester, 'DESCRIBE', type, key)) return refuse(key, refusal, `${req.requester.principal} may not DESCRIBE ${type === 'GROUP' ? 'group' : 'transactional id'} ${key}`);
  // Transactional offsets go to the group coordinator, so a transaction coordinator is no use before the groups are loaded either.
  if (ctx.groups.statusError() !== ErrorCode.NONE) {
    return refuse(key, ErrorCode.COORDINATOR_NOT_AVAILABLE, 'the group coordinator is loading __consumer_offsets or stopping; retry shortly');
  }
  // Kafka 4.4 says "NONE" for success up to v3 and an empty message from v4; clients print what they get.
  return { key, nodeId: ctx.nodeId, ...req.listener, errorCode: ErrorCode.NONE, errorMessage: req.apiVersion >= 4 ? '' : 'NONE' };
}

export const findCoordinatorHandler: ApiHandler<typeof FindCoordinator, 0, 4> = {
  spec: FindCoordinator,
  minVersion: 0,
  maxVersion: 4,
  handle(body, req, ctx) {
    if (req.apiVersion >= 4) {
      return { throttleTimeMs: 0, coordinators: body.coordinatorKeys.map((k: string) => coordinatorFor(k, body.keyType, ctx, req)) };
    }
    const c = coordinatorFor(body.key, body.keyType, ctx, req);
    return { throttleTimeMs: 0, errorCode: c.errorCode, errorMessage: c.errorMessage, nodeId: c.nodeId, host: c.host, port: c.port };
  },
};
