/** Kafka's rules for topic names (org.apache.kafka.common.internals.Topic). */
const LEGAL = /^[a-zA-Z0-9._-]+$/;
const MAX_LENGTH = 249;

/** Why `name` is not a legal topic name, or null when it is. */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return 'topic name is empty';
  if (name === '.' || name === '..') return `topic name "${name}" is reserved`;
  if (name.length > MAX_LENGTH) return `topic name is ${name.length} characters; the limit is ${MAX_LENGTH}`;
  if (!LEGAL.test(name)) return `topic name "${name}" may use only ASCII letters, digits, '.', '_' and '-'`;
  return null;
}

/** The folder of one partition, as Kafka names it. */
export function partitionDirName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
