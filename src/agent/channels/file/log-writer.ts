import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../../../log.js';
import { FILE_MAGIC } from './record-codec.js';
import { logFilePath } from './log-files.js';

export interface LogPosition {
  fileId: number;
  offset: number;
}

interface Pending {
  record: Buffer;
  /** Whether the caller needs the record on disk (fsynced) before it resolves, or only written. */
  durable: boolean;
  resolve(pos: LogPosition): void;
  reject(err: Error): void;
}

/**
 * Appends records to the data log with group commit. Records queued while a
 * write is under way go out together in the next write; records that must
 * be durable then wait for one fdatasync that started after their write,
 * shared by all of them. Writes go on while an fsync runs, so a record that
 * need not be durable never waits for another's fsync, and it still
 * survives a kill -9 of the process once written.
 */
export class LogWriter {
  private queue: Pending[] = [];
  private writing: Promise<void> | undefined;
  private syncWaiters: Array<() => void> = [];
  private syncFailures: Array<(err: Error) => void> = [];
  private syncing: Promise<void> | undefined;
  private fh: FileHandle | undefined;
  private fileId = -1;
  /** Where the next record will go; always a record boundary. */
  private size = 0;
  private closed = false;

  constructor(
    private readonly dirs: readonly string[],
    private readonly maxFileSize: number,
    private readonly fsync: boolean,
    private readonly logger: Logger,
  ) {}

  /** Starts a new file; recovery never appends to an old one, whose tail may be torn. */
  async open(fileId: number): Promise<void> {
    await this.roll(fileId);
  }

  get currentFileId(): number {
    return this.fileId;
  }

  /** A record boundary after every record already handed to the writer. */
  endPosition(): LogPosition {
    return { fileId: this.fileId, offset: this.size };
  }

  append(record: Buffer, durable = true): Promise<LogPosition> {
    if (this.closed) return Promise.reject(new Error('the file channel log is closed; the channel was stopped'));
    return new Promise((resolve, reject) => {
      this.queue.push({ record, durable, resolve, reject });
      this.writing ??= this.writeLoop();
    });
  }

  /** Waits for every queued record and fsync, then syncs and closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing || this.syncing) await (this.writing ?? this.syncing);
    if (this.fh) {
      await this.fh.sync();
      await this.fh.close();
      this.fh = undefined;
    }
  }

  /** Syncs what was written, for channels that do not fsync per transaction. */
  async sync(): Promise<void> {
    await this.fh?.sync();
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.writeBatch(batch);
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    if (!this.fh) await this.rollSafely(this.fileId + 1, batch);
    if (!this.fh) return;
    let start = 0;
    while (start < batch.length) {
      let bytes = 0;
      let end = start;
      while (end < batch.length && (end === start || this.size + bytes + batch[end]!.record.length <= this.maxFileSize)) {
        bytes += batch[end]!.record.length;
        end++;
      }
      if (this.size > FILE_MAGIC.length && this.size + bytes > this.maxFileSize) {
        await this.rollSafely(this.fileId + 1, batch.slice(start));
        if (!this.fh) return;
        continue;
      }
      const group = batch.slice(start, end);
      const positions: LogPosition[] = [];
      let offset = this.size;
      for (const p of group) {
        positions.push({ fileId: this.fileId, offset });
        offset += p.record.length;
      }
      try {
        const buf = group.length === 1 ? group[0]!.record : Buffer.concat(group.map((p) => p.record), bytes);
        await writeFully(this.fh!, buf, this.size);
        this.size = offset;
      } catch (err) {
        this.logger.error({ err, fileId: this.fileId }, 'file channel write failed; moving to a new data file');
        for (const p of group) p.reject(err as Error);
        await this.rollSafely(this.fileId + 1, batch.slice(end));
        if (!this.fh) return;
        start = end;
        continue;
      }
      group.forEach((p, i) => {
        if (p.durable && this.fsync) this.afterSync(() => p.resolve(positions[i]!), p.reject);
        else p.resolve(positions[i]!);
      });
      start = end;
    }
  }

  /** Runs `done` after an fdatasync that starts from now on; concurrent requests share one. */
  private afterSync(done: () => void, failed: (err: Error) => void): void {
    this.syncWaiters.push(done);
    this.syncFailures.push(failed);
    this.syncing ??= this.syncLoop();
  }

  private async syncLoop(): Promise<void> {
    try {
      while (this.syncWaiters.length > 0) {
        const done = this.syncWaiters;
        const failed = this.syncFailures;
        this.syncWaiters = [];
        this.syncFailures = [];
        try {
          await this.fh!.datasync();
          for (const d of done) d();
        } catch (err) {
          // After a failed fsync the page cache cannot be trusted to reach the disk; later records go to a new file.
          this.logger.error({ err, fileId: this.fileId }, 'file channel fsync failed; moving to a new data file');
          for (const f of failed) f(err as Error);
          this.fh = undefined;
        }
      }
    } finally {
      this.syncing = undefined;
    }
  }

  private async rollSafely(nextId: number, waiting: Pending[]): Promise<void> {
    try {
      await this.roll(nextId);
    } catch (err) {
      this.logger.error({ err }, 'file channel cannot open a new data file');
      for (const p of waiting) p.reject(err as Error);
      this.fh = undefined;
    }
  }

  private async roll(fileId: number): Promise<void> {
    // Records waiting for an fsync of the current file get it before the file is closed.
    while (this.syncing) await this.syncing;
    if (this.fh) {
      await this.fh.sync().catch(() => undefined);
      await this.fh.close().catch(() => undefined);
    }
    this.fh = undefined;
    // Taken before opening, so a failed attempt is never retried under the same id.
    this.fileId = fileId;
    this.size = FILE_MAGIC.length;
    const fh = await open(logFilePath(this.dirs, fileId), 'wx');
    try {
      await writeFully(fh, FILE_MAGIC, 0);
      await fh.sync();
    } catch (err) {
      await fh.close().catch(() => undefined);
      throw err;
    }
    this.fh = fh;
  }
}

async function writeFully(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
    done += bytesWritten;
  }
}
