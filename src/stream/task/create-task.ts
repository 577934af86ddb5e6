import { UnknownInputError } from '../errors.js';
import type { RecordSink } from '../records.js';
import type { Plan } from '../topology/plan.js';
import { StreamTask } from './stream-task.js';
import { TaskContext } from './task-context.js';
import { taskName } from './task-id.js';

export interface TaskOptions {
  readonly sink: RecordSink;
  /** Initial processing time, epoch ms. */
  readonly startTime?: number;
}

/** Task `<subtopology>_<partition>` of the plan, with empty state; restore() fills it from its changelog. */
export function createTask(plan: Plan, subtopology: number, partition: number, options: TaskOptions): StreamTask {
  const planned = plan.subtopologies[subtopology];
  if (planned === undefined || !Number.isInteger(partition) || partition < 0 || partition >= planned.partitions) {
    throw new UnknownInputError(
      `there is no task ${taskName({ subtopology, partition })}: the plan has ${plan.subtopologies.length} sub-topologies` +
        (planned === undefined ? '' : ` and sub-topology ${subtopology} has ${planned.partitions} partitions`) +
        '; create tasks for the sub-topologies and partitions plan.subtopologies lists',
    );
  }
  const ctx = new TaskContext(plan.applicationId, partition, options.sink, (t) => plan.partitionsOf(t), options.startTime ?? 0);
  return new StreamTask(planned.spec, ctx, planned.changelogTopic);
}
