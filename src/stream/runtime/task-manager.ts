import { performance } from 'node:perf_hooks';
import { tpKey, type Assignment } from '../../client/index.js';
import type { Logger } from '../../log.js';
import { ActiveTasks, PartitionReader } from './active-tasks.js';
import { taskName, tasksOf, type TaskId } from './assignor.js';
import type { BatchSink } from './batch-sink.js';
import type { ConnectedJob } from './connected-job.js';
import type { MetricsTracker } from './job-metrics.js';
import type { OffsetReset } from './options.js';
import { createTask } from '../task/create-task.js';
import { restoreTask } from './restore.js';
import { RunningTask, TaskSink } from './running-task.js';

export interface TaskManagerSetup {
  readonly job: ConnectedJob;
  readonly tasks: ActiveTasks;
  readonly tracker: MetricsTracker;
  readonly batchSinks: ReadonlyMap<string, BatchSink>;
  readonly offsetReset: OffsetReset;
  readonly logger: Logger;
}

/**
 * Turns each assignment the group hands over into running tasks, as Kafka Streams'
 * TaskManager does: drops the tasks this instance lost, restores the ones it gained
 * from their changelogs and sets each input partition where the task resumes.
 */
export class TaskManager {
  /** The generation of the assignment applied last; -1 before the first. */
  #generation = -1;
  readonly #internalTopics: ReadonlySet<string>;

  constructor(private readonly setup: TaskManagerSetup) {
    this.#internalTopics = new Set(setup.job.plan.internalTopics.map((t) => t.name));
  }

  /** `rebuildAll` restores even the tasks this instance keeps, from their changelogs. */
  /** The generation of the assignment the running tasks belong to. */
  get generation(): number {
    return this.#generation;
  }

  async apply({ partitions, generation }: Assignment, rebuildAll = false): Promise<void> {
    const { tasks, logger } = this.setup;
    const started = performance.now();
    const wanted = new Map(tasksOf(this.setup.job.plan, partitions).map((t) => [taskName(t), t]));
    // A member that missed a generation cannot tell whether its tasks ran elsewhere meanwhile: it rebuilds them all.
    const missedGeneration = this.#generation >= 0 && generation > this.#generation + 1;
    for (const rt of tasks.all()) if (rebuildAll || missedGeneration || !wanted.has(rt.name)) this.drop(rt);
    this.#generation = generation;
    const toStart = [...wanted].filter(([name]) => !tasks.has(name));
    const sinkOffsets = toStart.length > 0 ? await this.batchSinkOffsets() : new Map<string, number>();
    let restored = 0;
    for (const [, id] of toStart) restored += await this.start(id, generation, sinkOffsets);
    logger.info(
      { generation, tasks: tasks.names(), started: toStart.map(([name]) => name), restoredRecords: restored, ms: Math.round(performance.now() - started) },
      'tasks assigned',
    );
  }

  /** Returns the changelog records read to restore the task. */
  private async start(id: TaskId, generation: number, sinkOffsets: ReadonlyMap<string, number>): Promise<number> {
    const { job, batchSinks } = this.setup;
    const planned = job.plan.subtopologies[id.subtopology]!;
    const sink = new TaskSink(taskName(id), planned.changelogTopic !== undefined, job.output, batchSinks);
    const task = createTask(job.plan, id.subtopology, id.partition, { sink, startTime: Date.now() });
    const restored = await restoreTask(task, job.fetcher, job.output, generation);
    const rt = new RunningTask(task, sink, restored.owner);
    const readers: PartitionReader[] = [];
    for (const topic of task.inputTopics) {
      const internal = this.#internalTopics.has(topic);
      const offset = sinkOffsets.get(tpKey(topic, id.partition)) ?? restored.positions?.get(topic) ?? (await this.committedOrReset(topic, id.partition, internal));
      rt.sinkFrom.set(topic, offset);
      readers.push(new PartitionReader(rt, topic, offset, internal));
    }
    this.setup.tasks.add(rt, readers);
    // Windows that closed while no instance ran the task are emitted now, from the restored state.
    task.advanceTime(Date.now());
    return restored.records;
  }

  private drop(rt: RunningTask): void {
    this.setup.tracker.retire(rt.task.metrics());
    rt.sink.batchSink?.discard(rt.name);
    this.setup.tasks.remove(rt);
  }

  private async batchSinkOffsets(): Promise<Map<string, number>> {
    const offsets = new Map<string, number>();
    for (const sink of this.setup.batchSinks.values()) {
      for (const o of await sink.committedOffsets()) offsets.set(tpKey(o.topic, o.partition), o.offset);
    }
    return offsets;
  }

  private async committedOrReset(topic: string, partition: number, internal: boolean): Promise<number> {
    const { job, offsetReset } = this.setup;
    const committed = (await job.session.committed([{ topic, partition }])).get(tpKey(topic, partition));
    if (committed !== undefined) return committed;
    // An internal topic holds only what this application wrote for itself: always read it all.
    const [listed] = await job.admin.listOffsets([{ topic, partition }], internal || offsetReset === 'earliest' ? 'earliest' : 'latest');
    return Math.max(0, listed?.offset ?? 0);
  }
}
