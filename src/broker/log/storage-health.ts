import type { Logger } from '../../log.js';
import { isSystemError, LogStorageError } from './errors.js';
import { OncePerMinute } from './once-per-minute.js';

/**
 * Whether a partition's files still take writes. A full disk refuses one write and leaves the log
 * writable (a warning at most once a minute); any other filesystem failure, an fsync's above all,
 * takes the log offline until the broker restarts, since what was written may not be on disk.
 */
export class StorageHealth {
  #offline: LogStorageError | null = null;
  readonly #outOfSpaceWarnings = new OncePerMinute();

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {}

  /** Why the log refuses writes until a restart, or null while it takes them. */
  get offline(): LogStorageError | null {
    return this.#offline;
  }

  /** Runs a write that changes nothing when it throws, and turns a filesystem error into a LogStorageError. */
  guard(step: string, write: () => void): void {
    try {
      write();
    } catch (err) {
      if (!isSystemError(err)) throw err;
      if (!LogStorageError.outOfSpace(err)) throw this.goOffline(step, err);
      const held = this.#outOfSpaceWarnings.take(this.clock());
      if (held !== null) this.logger.warn({ step, errno: err.code, heldBack: held }, 'append refused: the disk is full (KAFKA_STORAGE_ERROR); at most one such warning a minute');
      throw new LogStorageError(this.dir, false, err.code!, { cause: err });
    }
  }

  goOffline(step: string, err: unknown): LogStorageError {
    const errno = isSystemError(err) ? err.code! : 'unknown';
    this.#offline ??= new LogStorageError(this.dir, true, errno, { cause: err });
    this.logger.error({ step, errno, err }, 'log taken offline: writes answer KAFKA_STORAGE_ERROR until the broker restarts');
    return this.#offline;
  }
}
