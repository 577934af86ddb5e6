import { ListTransactions } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { TxnMetadata } from '../txn/txn-metadata.js';
import type { ApiHandler } from './types.js';

/**
 * Every state name Kafka's TransactionState knows; a filter naming another is
 * reported back as unknown. Dead and PrepareEpochFence are states this
 * coordinator never enters, so filtering by them lists nothing, as it would in
 * Kafka when no id is in them.
 */
const KAFKA_STATES: ReadonlySet<string> = new Set(['Empty', 'Ongoing', 'PrepareCommit', 'PrepareAbort', 'CompleteCommit', 'CompleteAbort', 'Dead', 'PrepareEpochFence']);

interface Filters {
  states: ReadonlySet<string>;
  producerIds: ReadonlySet<number>;
  durationMs: number;
  pattern: RegExp | null;
}

function included(m: TxnMetadata, f: Filters, now: number): boolean {
  if (f.producerIds.size > 0 && !f.producerIds.has(m.producerId)) return false;
  if (f.states.size > 0 && !f.states.has(m.state)) return false;
  if (f.durationMs >= 0 && now - m.txnStartMs <= f.durationMs) return false;
  return f.pattern === null || f.pattern.test(m.transactionalId);
}

/**
 * A regular expression the whole transactional id must match (Kafka compiles it
 * with RE2/J and calls matches()), or null when the pattern is empty or absent.
 * JavaScript's syntax is close to RE2's for the patterns people write for ids.
 */
function wholeMatch(pattern: string | null | undefined): RegExp | null | Error {
  if (pattern === null || pattern === undefined || pattern === '') return null;
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/**
 * The transactional ids this coordinator knows, filtered as the request asks
 * (KIP-664; a duration, v1, KIP-994; an id pattern, v2, KIP-1152), for
 * `kafka-transactions.sh list` and find-hanging.
 */
export const listTransactionsHandler: ApiHandler<typeof ListTransactions, 0, 2> = {
  spec: ListTransactions,
  minVersion: 0,
  maxVersion: 2,
  handle(body, req, ctx) {
    const pattern = wholeMatch(body.transactionalIdPattern);
    if (pattern instanceof Error) {
      ctx.logger.warn({ peer: req.peer, pattern: body.transactionalIdPattern, reason: pattern.message }, 'ListTransactions: the transactional id pattern is not a valid regular expression');
      return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REGULAR_EXPRESSION, unknownStateFilters: [], transactionStates: [] };
    }
    const filters: Filters = {
      states: new Set(body.stateFilters),
      producerIds: new Set(body.producerIdFilters),
      durationMs: body.durationFilter ?? -1,
      pattern,
    };
    const now = Date.now();
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      unknownStateFilters: body.stateFilters.filter((s) => !KAFKA_STATES.has(s)),
      transactionStates: ctx.txn
        .all()
        // Those the client may not DESCRIBE are left out, as in Kafka.
        .filter((m) => included(m, filters, now) && ctx.access.allows(req.requester, 'DESCRIBE', 'TRANSACTIONAL_ID', m.transactionalId))
        .map((m) => ({ transactionalId: m.transactionalId, producerId: m.producerId, transactionState: m.state })),
    };
  },
};
