import { TxnOffsetCommit } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { PendingOffset } from '../txn/txn-metadata.js';
import type { ApiHandler } from './types.js';

/** Kafka's offset.metadata.max.bytes default. */
const MAX_METADATA_BYTES = 4096;

/**
 * Offsets committed inside a transaction: checked now (the producer, the
 * group having been added by AddOffsetsToTxn, the consumer's generation when
 * given), kept pending, and stored as the group's offsets when the
 * transaction commits.
 */
export const txnOffsetCommitHandler: ApiHandler<typeof TxnOffsetCommit, 0, 5> = {
  spec: TxnOffsetCommit,
  minVersion: 0,
  maxVersion: 5,
  handle(body, req, ctx) {
    const answer = (code: (topic: string, partition: number) => number) => ({
      throttleTimeMs: 0,
      topics: body.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: code(t.name, p.partitionIndex) })) })),
    });
    // As Kafka: READ on the group, WRITE on the transactional id, then READ on each topic.
    if (!ctx.access.allows(req.requester, 'READ', 'GROUP', body.groupId)) return answer(() => ErrorCode.GROUP_AUTHORIZATION_FAILED);
    if (!ctx.access.allows(req.requester, 'WRITE', 'TRANSACTIONAL_ID', body.transactionalId)) return answer(() => ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    const readable = (topic: string) => ctx.access.allows(req.requester, 'READ', 'TOPIC', topic);
    const checked = ctx.txn.check(body);
    if (!checked.txn) {
      // The group coordinator knows a fenced producer only by its older epoch.
      const code = checked.errorCode === ErrorCode.PRODUCER_FENCED ? ErrorCode.INVALID_PRODUCER_EPOCH : checked.errorCode;
      return answer(() => code);
    }
    const txn = checked.txn;
    if (txn.state !== 'Ongoing' || !txn.groups[body.groupId]) return answer(() => ErrorCode.INVALID_TXN_STATE);
    // v3+ carry the consumer's group membership, checked as for OffsetCommit when given (KIP-447).
    const generationId = body.generationIdOrMemberEpoch ?? -1;
    const memberId = body.memberId ?? '';
    const instanceId = body.groupInstanceId ?? null;
    if (generationId >= 0 || memberId !== '' || instanceId !== null) {
      const groupError = ctx.groups.commit(body.groupId, memberId, instanceId, generationId, []);
      if (groupError !== ErrorCode.NONE) return answer(() => groupError);
    }
    const codes = new Map<string, number>();
    const pending: PendingOffset[] = [];
    for (const t of body.topics) {
      for (const p of t.partitions) {
        const exists = ctx.topics.partition(t.name, p.partitionIndex) !== undefined;
        const metadata = p.committedMetadata ?? '';
        const code = !readable(t.name) ? ErrorCode.TOPIC_AUTHORIZATION_FAILED : !exists ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : Buffer.byteLength(metadata) > MAX_METADATA_BYTES ? ErrorCode.OFFSET_METADATA_TOO_LARGE : ErrorCode.NONE;
        codes.set(`${t.name}\0${p.partitionIndex}`, code);
        if (code === ErrorCode.NONE) pending.push({ topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch ?? -1, metadata });
      }
    }
    ctx.txn.addPendingOffsets(txn, body.groupId, pending);
    return answer((t, p) => codes.get(`${t}\0${p}`) ?? ErrorCode.NONE);
  },
};
