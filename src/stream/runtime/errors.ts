import { StreamError } from '../errors.js';

/** The broker answered a fetch with an error that retrying will not cure; the client's typed error. */
export { FetchFailedError } from '../../client/index.js';

/** The runtime could not set a job up or keep it running; the message says what to do next. */
export class RuntimeError extends StreamError {
  constructor(message: string, options?: ErrorOptions) {
    super(message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** An internal topic of the application exists with a partition count the plan does not expect. */
export class InternalTopicMismatchError extends RuntimeError {
  constructor(topic: string, expected: number, actual: number) {
    super(
      `internal topic "${topic}" has ${actual} partitions but the job needs ${expected}: the input topics changed since it was created. ` +
        'Delete the application\'s internal topics (its state starts over) or run under a new --application-id',
    );
  }
}

/** Records an internal topic must still hold were deleted, so the job's state can no longer be exact. */
export class InternalRecordsLostError extends RuntimeError {
  constructor(topic: string, partition: number, wanted: number, logStart: number) {
    super(
      `internal topic ${topic}/${partition} starts at offset ${logStart} but the job needs offset ${wanted}: records were deleted ` +
        '(retention, or the topic was recreated). Reset the job by deleting its internal topics or use a new --application-id',
    );
  }
}

/** A checkpoint step failed; the job stops, and a restart resumes from the last complete checkpoint. */
export class CheckpointFailedError extends RuntimeError {
  constructor(step: string, cause: unknown) {
    super(
      `checkpoint failed while ${step} (${cause instanceof Error ? cause.message : String(cause)}); ` +
        'nothing is lost: restart the job and it resumes from its last complete checkpoint',
      { cause },
    );
  }
}

/** A sub-topology that keeps state also writes to a batch sink, whose offsets could then disagree with the state's. */
export class BatchSinkStateError extends RuntimeError {
  constructor(task: string, topic: string) {
    super(
      `task ${task} keeps state or feeds a repartition topic and also writes to batch sink "${topic}"; a batch sink resumes its ` +
        'task from its own offsets, which would replay or skip state updates. Write to the batch sink from a stateless step ' +
        '(e.g. straight after the source) or send the stateful results through a topic first',
    );
  }
}

/** A task writes to two batch sinks, whose input ranges would have to be tracked apart. */
export class TwoBatchSinksError extends RuntimeError {
  constructor(task: string, first: string, second: string) {
    super(
      `task ${task} writes to batch sinks "${first}" and "${second}"; a task commits its input ranges to one batch sink. ` +
        'Write both kinds of records to one sink and tell them apart in its add()',
    );
  }
}
