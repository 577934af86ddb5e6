/**
 * Whether a topic's cleanup.policy asks for compaction ("compact" or "compact,delete").
 * The broker has no log.cleanup.policy default of its own, so an unset policy is Kafka's
 * default, "delete".
 */
export function isCompacted(configs: Record<string, string>): boolean {
  const policy = configs['cleanup.policy'];
  if (policy === undefined) return false;
  return policy.split(',').some((p) => p.trim() === 'compact');
}
