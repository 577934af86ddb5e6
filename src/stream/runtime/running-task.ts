import { tpKey } from '../../client/index.js';
import type { OutputRecord, RecordSink } from '../records.js';
import type { StreamTask, TopicPartitionOffset } from '../task/stream-task.js';
import type { BatchSink } from './batch-sink.js';
import { BatchSinkStateError, TwoBatchSinksError } from './errors.js';
import type { Output } from './output.js';

/** Where one task's output goes: a batch sink when the topic names one, the job's producer otherwise. */
export class TaskSink implements RecordSink {
  /** The batch sink this task writes to, once it has; the task commits its input ranges to it at each checkpoint. */
  batchSink: BatchSink | undefined;

  constructor(
    private readonly taskName: string,
    private readonly stateful: boolean,
    private readonly output: Output,
    private readonly batchSinks: ReadonlyMap<string, BatchSink>,
  ) {}

  send(record: OutputRecord): void {
    const sink = this.batchSinks.get(record.topic);
    if (sink === undefined) {
      this.output.send(record);
      return;
    }
    if (this.stateful) throw new BatchSinkStateError(this.taskName, record.topic);
    if (this.batchSink !== undefined && this.batchSink !== sink) throw new TwoBatchSinksError(this.taskName, this.batchSink.topic, sink.topic);
    this.batchSink = sink;
    sink.add(this.taskName, record);
  }
}

/** A task this instance runs, with what its last checkpoint covered. */
export class RunningTask {
  /** Per input topic: where the batch sink's current batch began. */
  readonly sinkFrom = new Map<string, number>();
  /** The offsets of the last checkpoint written, to skip writing an idle task's checkpoint again. */
  lastOffsets = '';
  /** Input offsets read since the last checkpoint written. */
  unsavedRecords = 0;

  constructor(
    readonly task: StreamTask,
    readonly sink: TaskSink,
    /** Stamped on each changelog record, see changelog-owner.ts. */
    readonly owner: Buffer,
  ) {}

  get name(): string {
    return this.task.id;
  }

  get partition(): number {
    return this.task.partition;
  }
}

export function offsetsKey(offsets: readonly TopicPartitionOffset[]): string {
  return offsets.map((o) => `${tpKey(o.topic, o.partition)}@${o.offset}`).join(',');
}
