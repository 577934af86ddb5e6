/** A task: one partition of one sub-topology of a plan. */
export interface TaskId {
  readonly subtopology: number;
  readonly partition: number;
}

/** `<subtopology>_<partition>`, as Kafka Streams names tasks. */
export const taskName = (t: TaskId): string => `${t.subtopology}_${t.partition}`;
