import type { Assignor, TopicPartitions } from '../../client/index.js';
import { taskName, type TaskId } from '../task/task-id.js';
import type { Plan } from '../topology/plan.js';

export { taskName, type TaskId };

/** Every task of the plan, sub-topology by sub-topology. */
export function allTasks(plan: Plan): TaskId[] {
  return plan.subtopologies.flatMap((sub) => Array.from({ length: sub.partitions }, (_, partition) => ({ subtopology: sub.index, partition })));
}

/**
 * Hands out tasks, not partitions: a task's partition p of every topic its sub-topology
 * reads goes to one member, so keyed state and its inputs stay together (Kafka Streams'
 * co-partitioning). Tasks are dealt round-robin over the members in id order, so each
 * member gets a share of every sub-topology.
 */
export function taskAssignor(plan: Plan): Assignor {
  return (memberIds) => {
    const ids = [...memberIds].sort();
    const byMember = ids.map(() => new Map<string, number[]>());
    allTasks(plan).forEach((task, i) => {
      const member = byMember[i % ids.length]!;
      for (const topic of plan.subtopologies[task.subtopology]!.inputTopics) {
        if (task.partition >= plan.partitionsOf(topic)) continue;
        let partitions = member.get(topic);
        if (partitions === undefined) member.set(topic, (partitions = []));
        partitions.push(task.partition);
      }
    });
    return new Map(ids.map((id, i) => [id, [...byMember[i]!].map(([topic, partitions]): TopicPartitions => ({ topic, partitions }))]));
  };
}

/** The tasks an assignment gives this member. */
export function tasksOf(plan: Plan, assignments: readonly TopicPartitions[]): TaskId[] {
  const seen = new Map<string, TaskId>();
  for (const { topic, partitions } of assignments) {
    const sub = plan.subtopologyOf(topic);
    if (sub === undefined) continue;
    for (const partition of partitions) {
      const task = { subtopology: sub.index, partition };
      seen.set(taskName(task), task);
    }
  }
  return [...seen.values()];
}
