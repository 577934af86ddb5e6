import { CreatePartitions } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Request } from '../../protocol/message-types.js';
import { TopicError } from '../topics.js';
import { tooManyPartitions, TOO_MANY_PARTITIONS } from './partitions-per-request.js';
import type { ApiHandler, BrokerContext } from './types.js';

type CreatePartitionsTopic = Request<typeof CreatePartitions, 0, 3>['topics'][number];

/** Manual assignments may only name this node, once per new partition. */
function assignmentProblem(t: CreatePartitionsTopic, have: number, ctx: BrokerContext): string | null {
  if (t.assignments === null) return null;
  if (t.assignments.length !== t.count - have) {
    return `Increasing the number of partitions by ${t.count - have} but ${t.assignments.length} assignments provided; give one per new partition`;
  }
  const other = t.assignments.flatMap((a) => a.brokerIds).find((id) => id !== ctx.nodeId);
  if (other !== undefined) return `Unknown broker ${other} in the assignments; the embedded broker is the single node ${ctx.nodeId}`;
  return null;
}

function createOne(t: CreatePartitionsTopic, validateOnly: boolean, ctx: BrokerContext) {
  const result = (errorCode: number, errorMessage: string | null) => ({ name: t.name, errorCode, errorMessage });
  const topic = ctx.topics.get(t.name);
  // As Kafka 4.4: the code alone, no message (clients say the topic is unknown).
  if (!topic) return result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null);
  if (t.count > topic.partitions.length) {
    const problem = assignmentProblem(t, topic.partitions.length, ctx);
    if (problem) return result(ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
  }
  try {
    ctx.topics.addPartitions(t.name, t.count, validateOnly);
    return result(ErrorCode.NONE, null);
  } catch (err) {
    if (err instanceof TopicError) return result(err.code, err.message);
    throw err;
  }
}

/** CreatePartitions: grows topics; the new partitions are empty logs led by this node. */
export const createPartitionsHandler: ApiHandler<typeof CreatePartitions, 0, 3> = {
  spec: CreatePartitions,
  minVersion: 0,
  maxVersion: 3,
  handle(body, req, ctx) {
    if (tooManyPartitions(body.topics.map((t) => t.count - (ctx.topics.get(t.name)?.partitions.length ?? t.count)))) {
      return { throttleTimeMs: 0, results: body.topics.map((t) => ({ name: t.name, errorCode: ErrorCode.POLICY_VIOLATION, errorMessage: TOO_MANY_PARTITIONS })) };
    }
    return {
      throttleTimeMs: 0,
      results: body.topics.map((t) =>
        ctx.access.allows(req.requester, 'ALTER', 'TOPIC', t.name) ? createOne(t, body.validateOnly, ctx) : { name: t.name, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: 'Authorization failed.' },
      ),
    };
  },
};
