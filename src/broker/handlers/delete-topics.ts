import { DeleteTopics } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { TopicError } from '../topics.js';
import type { ApiHandler, BrokerContext, RequestInfo } from './types.js';

const NO_ID = Buffer.alloc(16);

function deleteOne(name: string | null, topicId: Buffer, req: RequestInfo, ctx: BrokerContext) {
  const topic = name !== null ? ctx.topics.get(name) : ctx.topics.getById(topicId);
  // DELETE on the topic, checked before its existence so that a denied client learns nothing of it (an unknown id names no topic to check).
  const named = name ?? topic?.name;
  if (named !== undefined && !ctx.access.allows(req.requester, 'DELETE', 'TOPIC', named)) {
    return { name, topicId, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: 'Authorization failed.' };
  }
  if (!topic) {
    const what = name ?? topicId.toString('hex');
    return { name, topicId, errorCode: name !== null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.UNKNOWN_TOPIC_ID, errorMessage: `topic ${what} does not exist` };
  }
  if (topic.internal) {
    return { name: topic.name, topicId: topic.id, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `${topic.name} is internal to the broker and cannot be deleted` };
  }
  try {
    ctx.topics.delete(topic.name);
    ctx.groups.forgetTopic(topic.name);
    topic.partitions.forEach((_, p) => ctx.waiters.notify(topic.name, p));
    return { name: topic.name, topicId: topic.id, errorCode: ErrorCode.NONE, errorMessage: null };
  } catch (err) {
    if (err instanceof TopicError) return { name: topic.name, topicId: topic.id, errorCode: err.code, errorMessage: err.message };
    throw err;
  }
}

/** v0–5 name topics in `topicNames`; v6 names them or gives their ids in `topics`. */
export const deleteTopicsHandler: ApiHandler<typeof DeleteTopics, 0, 6> = {
  spec: DeleteTopics,
  minVersion: 0,
  maxVersion: 6,
  handle(body, req, ctx) {
    const targets: { name: string | null; topicId: Buffer }[] =
      req.apiVersion >= 6 ? body.topics : body.topicNames.map((name: string) => ({ name, topicId: NO_ID }));
    return { throttleTimeMs: 0, responses: targets.map((t) => deleteOne(t.name, t.topicId, req, ctx)) };
  },
};
