/**
 * Kafka's default partitioner: a keyed record goes to partition
 * `toPositive(murmur2(key)) % partitions`, as the Java client's BuiltInPartitioner
 * places it, so a key lands on the same partition whichever client sent it. This is
 * the one copy in the project: producers, repartition topics and the test driver use it.
 */
export function murmur2(data: Buffer): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const rest = length % 4;
  if (rest === 3) h ^= data[whole + 2]! << 16;
  if (rest >= 2) h ^= data[whole + 1]! << 8;
  if (rest >= 1) {
    h ^= data[whole]!;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's Utils.toPositive: clears the sign bit (not Math.abs, which leaves -2^31 negative). */
export const toPositive = (n: number): number => n & 0x7fffffff;

/** The partition Kafka's default partitioner picks for a key. */
export function partitionForKey(keyBytes: Buffer, partitions: number): number {
  return toPositive(murmur2(keyBytes)) % partitions;
}

/**
 * Picks a partition for a record without one: keyed records by murmur2 (an empty key
 * is a key, as in Java), keyless ones round-robin. Returns a non-negative number the producer reduces modulo the topic's
 * partition count, which it alone knows when the record is sent.
 */
export function defaultPartitioner(): (key: Buffer | undefined) => number {
  let next = 0;
  return (key) => (key !== undefined ? toPositive(murmur2(key)) : toPositive(next++));
}
