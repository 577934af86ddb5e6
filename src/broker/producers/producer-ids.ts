import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync } from 'node:fs';
import { writeAll } from '../log/file-io.js';
import { join } from 'node:path';
import type { Logger } from '../../log.js';

/** Ids are reserved on disk a block at a time, so most InitProducerId requests write nothing. */
const BLOCK_SIZE = 1000;
const FILE = 'producer-ids.json';

export class ProducerIdFileError extends Error {
  override readonly name = 'ProducerIdFileError';
}

/**
 * Hands out producer ids that stay unique across restarts: the end of the
 * reserved block is persisted before any id of it is used, so after a crash
 * the next run starts past every id that may have been handed out.
 */
export class ProducerIdAllocator {
  private next: number;
  private reservedEnd: number;
  private readonly file: string;

  constructor(dataDir: string, private readonly logger: Logger) {
    this.file = join(dataDir, FILE);
    this.next = this.readReservedEnd();
    this.reservedEnd = this.next;
  }

  private readReservedEnd(): number {
    if (!existsSync(this.file)) return 0;
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as { reservedEnd?: unknown };
    if (!Number.isSafeInteger(parsed.reservedEnd) || (parsed.reservedEnd as number) < 0) {
      throw new ProducerIdFileError(`${this.file} has no valid "reservedEnd"; restore it, or delete it only if no idempotent producer is running`);
    }
    return parsed.reservedEnd as number;
  }

  private persist(reservedEnd: number): void {
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      // writeAll: a full disk makes a single write short without an error, and a short file would be renamed into place.
      writeAll(fd, Buffer.from(JSON.stringify({ reservedEnd })));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    this.reservedEnd = reservedEnd;
    this.logger.debug({ reservedEnd }, 'reserved a block of producer ids');
  }

  allocate(): number {
    if (this.next >= this.reservedEnd) this.persist(this.next + BLOCK_SIZE);
    return this.next++;
  }
}
