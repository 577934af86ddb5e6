import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync } from 'node:fs';
import { writeAll } from '../log/file-io.js';
import { join } from 'node:path';
import type { Logger } from '../../log.js';
import type { TxnMetadata } from './txn-metadata.js';

const FILE = 'transaction-state.log';
/** Superseded records tolerated before the log is rewritten with one record per transactional id. */
const REWRITE_MIN_GARBAGE = 10_000;

export class TxnStateLogError extends Error {
  override readonly name = 'TxnStateLogError';
}

/**
 * The durable transaction state, playing the part of Kafka's
 * `__transaction_state`: one JSON line per change of a transactional id, the
 * last line of an id being its state. A line torn by a crash is the last one
 * and was never acknowledged, so it is dropped at recovery; any other bad line
 * stops the broker with a message, since guessing would break exactly-once.
 */
export class TxnStateLog {
  private readonly file: string;
  private records = 0;

  constructor(dataDir: string, private readonly fsync: boolean, private readonly logger: Logger) {
    this.file = join(dataDir, FILE);
  }

  /** Every transactional id's last state, and rewrites the file compactly. */
  recover(): Map<string, TxnMetadata> {
    const states = new Map<string, TxnMetadata>();
    if (!existsSync(this.file)) return states;
    const lines = readFileSync(this.file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line === '') return;
      let m: TxnMetadata;
      try {
        m = JSON.parse(line) as TxnMetadata;
      } catch {
        if (i === lines.length - 1) {
          this.logger.warn({ file: this.file, line: i + 1 }, 'dropped a torn last record of the transaction-state log (a crash mid-write; it was never acknowledged)');
          return;
        }
        throw new TxnStateLogError(`${this.file} line ${i + 1} is not a transaction-state record; restore the file from a backup, or delete it only with no transactional producer running`);
      }
      states.set(m.transactionalId, m);
    });
    this.rewrite([...states.values()]);
    return states;
  }

  /**
   * Appends one record. A write that fails (a full disk) is cut off again: a torn line followed by
   * later ones would stop the next start-up, since only a torn last line is dropped there.
   */
  append(m: TxnMetadata): void {
    const line = Buffer.from(`${JSON.stringify(m)}\n`);
    const fd = openSync(this.file, 'a');
    try {
      const size = fstatSync(fd).size;
      try {
        writeAll(fd, line);
      } catch (err) {
        ftruncateSync(fd, size);
        throw err;
      }
      if (this.fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.records++;
  }

  /** Rewrites the log once superseded records outnumber live ones. */
  maybeRewrite(live: TxnMetadata[]): void {
    if (this.records - live.length >= Math.max(REWRITE_MIN_GARBAGE, live.length)) this.rewrite(live);
  }

  private rewrite(live: TxnMetadata[]): void {
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      // writeAll: a full disk makes a single write short without an error, and a short file would be renamed into place.
      writeAll(fd, Buffer.from(live.map((m) => `${JSON.stringify(m)}\n`).join('')));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    this.records = live.length;
  }
}
