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

/** Errno codes that mean the filesystem has no room (or quota) left: the write can succeed once space is freed. */
const OUT_OF_SPACE = new Set(['ENOSPC', 'EDQUOT']);

/** True for a Node system error (one with an errno code), which is what a failing filesystem throws. */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
}

/** A log's LogStorageError or a filesystem error from any other file the broker writes: what a full or failing disk throws. */
export function isStorageFailure(err: unknown): err is Error {
  return err instanceof LogStorageError || isSystemError(err);
}

/**
 * A write to the partition's files failed; what the broker answers KAFKA_STORAGE_ERROR for.
 * `offline` says whether the log refuses writes until the broker restarts (any failure but a full disk).
 */
export class LogStorageError extends Error {
  override readonly name = 'LogStorageError';

  constructor(
    readonly dir: string,
    readonly offline: boolean,
    readonly errno: string,
    options: { cause: unknown },
  ) {
    super(
      offline
        ? `the log in ${dir} is offline after a storage failure (${errno}); data written since its last successful fsync may ` +
            'not be on disk. Check the disk, then restart the broker: start-up recovery re-checks the log and cuts a torn tail'
        : `no space left for the log in ${dir} (${errno}); nothing of this append was stored. Free space on that filesystem ` +
            '(lower retention, DeleteRecords, delete a topic or other files) and produce again',
      options,
    );
  }

  /** Whether the failure is a full disk or quota, after which the log stays writable. */
  static outOfSpace(err: unknown): boolean {
    return isSystemError(err) && OUT_OF_SPACE.has(err.code!);
  }
}
