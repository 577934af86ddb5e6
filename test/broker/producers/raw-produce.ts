import { Produce } from '../../../src/protocol/apis.js';
import type { RawClient } from '../../helpers/raw-client.js';

/** One Produce v9 request with `records` for one partition; resolves with that partition's answer. */
export async function produceRaw(
  c: RawClient,
  topic: string,
  partition: number,
  records: Buffer,
): Promise<{ errorCode: number; baseOffset: number; errorMessage: string | null }> {
  const r = await c.request(Produce, 9, {
    transactionalId: null,
    acks: -1,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
  });
  return r.responses[0].partitionResponses[0];
}
