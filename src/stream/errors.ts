/** Base of every error the stream library throws, so callers can catch the library's errors as one family. */
export class StreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The DSL was used in a way that cannot become a runnable topology; found while the job is being built. */
export class TopologyError extends StreamError {}

/** A duration option could not be read as milliseconds. */
export class InvalidDurationError extends StreamError {
  constructor(what: string, given: unknown) {
    super(
      `${what} must be a whole number of milliseconds or a string like '500ms', '1s', '5m', '1h'; got ${JSON.stringify(given)}`,
    );
  }
}

/** Topics that one task reads together do not have the same number of partitions. */
export class PartitionCountError extends StreamError {}

/** The two sides of a join are not co-partitioned: their topics have different partition counts. */
export class NotCoPartitionedError extends PartitionCountError {
  constructor(
    readonly join: string,
    /** The topics the join reads (repartition topics unprefixed), with their partition counts. */
    readonly topics: ReadonlyArray<{ readonly topic: string; readonly partitions: number }>,
  ) {
    super(
      `the join "${join}" reads ${topics.map((t) => `${t.topic} (${t.partitions} partitions)`).join(', ')}, which are not co-partitioned: ` +
        'a key must land in the same partition number on both sides. Recreate the topics with one partition count, ' +
        'or re-key the stream side (keyBy) so it reads through a repartition topic as wide as the other side',
    );
  }
}

/** A changelog record could not be decoded, or names state this topology does not have. */
export class ChangelogFormatError extends StreamError {}

/** Bytes could not be turned into the value a serde promises. */
export class SerdeError extends StreamError {}

/** A record was given to a task (or the test driver) for a topic or partition it does not read. */
export class UnknownInputError extends StreamError {}

/** A task was asked to do something its lifecycle does not allow, such as restoring after it started. */
export class TaskStateError extends StreamError {}
