/** Every store failure is one of these, so callers can tell them apart and users read what to do next. */
export class StoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The --store value is neither a directory nor a postgres:// URL. */
export class InvalidStoreSpecError extends StoreError {
  constructor(readonly spec: string) {
    super(
      `--store "${spec}" is not a store: give a directory for the embedded store (e.g. ./streamdash-data/store) ` +
        'or a PostgreSQL URL (postgres://user@host:port/db)',
    );
  }
}

export interface LockOwner {
  pid: number;
  command: string;
  host: string;
  since: string;
  /** The kernel's start time of the process, so a recycled pid is not mistaken for the owner. */
  startTime?: string;
}

/** PGlite allows one process per data directory, and another process holds this one. */
export class StoreLockedError extends StoreError {
  constructor(
    readonly dir: string,
    readonly owner: LockOwner,
  ) {
    const who =
      owner.pid === process.pid
        ? `this process (pid ${owner.pid}) already has it open: close that store before opening it again`
        : `it is in use by process ${owner.pid} on ${owner.host} (${owner.command}), since ${owner.since}: stop that process first`;
    super(
      `the embedded store at ${dir} is locked; ${who}. PGlite allows one process per data directory; ` +
        'to share the results between processes, use a PostgreSQL store (--store postgres://user@host:port/db)',
    );
  }
}

/** The PostgreSQL server named by the URL could not be reached or refused the login. */
export class StoreUnreachableError extends StoreError {
  constructor(target: string, cause: unknown) {
    super(
      `cannot connect to the PostgreSQL store at ${target} (${describe(cause)}): check that the server runs, ` +
        'that the URL names an existing database and user, and that the password is right',
      { cause },
    );
  }
}

/** A reader was pointed at an embedded store that does not exist, and readers do not create stores. */
export class StoreNotFoundError extends StoreError {
  constructor(dir: string) {
    super(`there is no store at ${dir}; run a job that writes to it first, or point --store at one`);
  }
}

/** The embedded store's files could not be opened by PGlite. */
export class StoreOpenError extends StoreError {
  constructor(dir: string, cause: unknown) {
    super(
      `cannot open the embedded store at ${dir} (${describe(cause)}): check that the directory is writable and ` +
        'holds a store written by this streamdash version, or point --store at an empty directory',
      { cause },
    );
  }
}

/** The store was migrated by a newer streamdash; this one does not know its schema. */
export class StoreSchemaTooNewError extends StoreError {
  constructor(target: string, storeVersion: number, knownVersion: number) {
    super(
      `the store at ${target} has schema version ${storeVersion}, newer than this streamdash knows (${knownVersion}): ` +
        'upgrade streamdash, or point --store at another store',
    );
  }
}

export class StoreMigrationError extends StoreError {
  constructor(target: string, version: number, name: string, cause: unknown) {
    super(
      `migration ${version} (${name}) failed on the store at ${target} (${describe(cause)}); nothing was changed. ` +
        'If the database holds tables of another application, give streamdash a database of its own',
      { cause },
    );
  }
}

/** A batch's increments or guard are malformed; nothing was written. */
export class InvalidBatchError extends StoreError {}

export interface OffsetMismatch {
  topic: string;
  partition: number;
  from?: number;
  offset: number;
  committed: number | undefined;
}

/**
 * The batch's offsets do not follow the committed ones: it overlaps a batch
 * already applied on some partitions, or skips records, so applying it would
 * count wrong.
 */
export class OffsetConflictError extends StoreError {
  constructor(
    readonly job: string,
    readonly mismatches: readonly OffsetMismatch[],
  ) {
    const list = mismatches
      .map((m) => `${m.topic}[${m.partition}] reads ${m.from === undefined ? '' : `from ${m.from} `}up to ${m.offset}, committed ${m.committed ?? 'nothing'}`)
      .join('; ');
    super(
      `job "${job}": the batch does not follow the committed offsets (${list}); nothing was written. ` +
        'Resume from store.committedOffsets(job) and rebuild the batch from there',
    );
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message || (cause as NodeJS.ErrnoException).code || cause.name;
  return String(cause);
}
