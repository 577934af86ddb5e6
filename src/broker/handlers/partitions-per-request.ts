/**
 * Kafka's controller refuses a CreateTopics request that would create more than
 * 10,000 partitions in all (MAX_PARTITIONS_PER_BATCH), failing every topic of it
 * with POLICY_VIOLATION. The embedded broker opens a log per partition as it
 * creates it, so without this cap one request asking for 2^31 partitions runs
 * the process out of file descriptors and stalls every client for seconds.
 * CreatePartitions is held to the same cap.
 */
export const MAX_PARTITIONS_PER_REQUEST = 10_000;

export const TOO_MANY_PARTITIONS = 'Excessively large number of partitions per request.';

/** Whether the partitions a request would create, summed, go over the cap. */
export function tooManyPartitions(counts: readonly number[]): boolean {
  let total = 0;
  for (const n of counts) total += Math.max(0, n);
  return total > MAX_PARTITIONS_PER_REQUEST;
}
