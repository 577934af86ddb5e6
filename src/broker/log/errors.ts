/** A fetch or lookup asked for an offset the log does not hold. */
export class OffsetOutOfRangeError extends Error {
  override readonly name = 'OffsetOutOfRangeError';

  constructor(
    readonly offset: number,
    readonly logStartOffset: number,
    readonly logEndOffset: number,
  ) {
    super(
      `offset ${offset} is outside the log's range [${logStartOffset}, ${logEndOffset}]; ` +
        'ask for an offset in that range (consumers: let auto.offset.reset pick one)',
    );
  }
}

export class InvalidLogConfigError extends Error {
  override readonly name = 'InvalidLogConfigError';
}

/** The bytes handed to append are not whole v2 batches; the broker must validate them with checkBatchAt first. */
export class MalformedAppendError extends Error {
  override readonly name = 'MalformedAppendError';
}

/** A segment holds bytes no append could have written, found while serving it. */
export class CorruptSegmentError extends Error {
  override readonly name = 'CorruptSegmentError';

  constructor(
    readonly path: string,
    readonly position: number,
  ) {
    super(
      `segment ${path} has no valid batch at byte ${position}; stop the broker and move the segment ` +
        'and everything after it out of the partition folder, or restore the folder from a replica or backup',
    );
  }
}

export class LogClosedError extends Error {
  override readonly name = 'LogClosedError';

  constructor(dir: string) {
    super(`the log in ${dir} is closed or deleted; open it again with PartitionLog.open before using it`);
  }
}
