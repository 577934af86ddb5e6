import type { Backend } from './sql.js';

/** One `incrementColumnValue`: add amount (may be negative) to a row's counter, which starts at 0. */
export interface CounterIncrement {
  /** The counter table, e.g. `course-clicks` or `course-search-clicks`. */
  table: string;
  /** e.g. `20261121_130` or `20261121_www.baidu.com_130`. */
  rowKey: string;
  amount: number;
}

/** A counter as HBase's shell shows a cell: its row, its value and when it last changed (ms since the epoch). */
export interface CounterCell {
  rowKey: string;
  value: number;
  timestamp: number;
}

/** Which cells: one row key (HBase's get), or the keys that start with a prefix (scan's ROWPREFIXFILTER), up to a LIMIT. */
export interface CellQuery {
  rowKey?: string;
  prefix?: string;
  limit?: number;
}

export interface Counter {
  table: string;
  rowKey: string;
  value: number;
}

/** A consumer position: offset is the next one to read, as Kafka commits it. */
export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** The part of one partition a batch read: up to offset (exclusive), from `from` when the job knows it. */
export interface BatchOffsets extends PartitionOffset {
  /** When given, the batch must start exactly at the committed offset, so an overlapping or gapped batch is refused. */
  from?: number;
}

/**
 * What makes a batch idempotent. With offsets, the batch applies only if every
 * partition moves past its committed offset; with a batch id, only once per id.
 */
export type BatchGuard = { job: string; offsets: readonly BatchOffsets[] } | { job: string; batchId: string };

export type IncrementResult =
  | { status: 'applied'; /** The new values of the counters the batch touched, like incrementColumnValue returns. */ counters: Counter[] }
  | { status: 'skipped'; /** Why the batch changed nothing: it was applied before. */ reason: string };

/** One key's value in one window of a windowed job, e.g. a gender's count per second. */
export interface WindowResult {
  windowStart: Date;
  windowEnd: Date;
  key: string;
  value: number;
}

export interface PopularityEntry {
  item: string;
  score: number;
}

export interface PopularitySnapshot {
  job: string;
  takenAt: Date;
  /** At most SNAPSHOT_SIZE entries, highest score first; rank 1 is the top. */
  entries: (PopularityEntry & { rank: number })[];
}

export const SNAPSHOT_SIZE = 10;

/** The results store: HBase's role in the seeds, on PGlite or PostgreSQL with the same SQL. */
export interface Store {
  readonly backend: Backend;
  /** The data directory or the URL (password hidden). */
  readonly target: string;

  /** Applies pending schema migrations; returns their versions. openStore already calls it. */
  migrate(): Promise<number[]>;

  /**
   * Adds a batch of increments and records the guard in one transaction. A
   * batch that was applied before (a replay after a crash) changes nothing and
   * comes back as skipped.
   */
  incrementCounters(increments: readonly CounterIncrement[], guard: BatchGuard): Promise<IncrementResult>;
  /** undefined when the row was never incremented. */
  readCounter(table: string, rowKey: string): Promise<number | undefined>;
  /** Every row of a table whose key starts with prefix, in byte order of the key. */
  scanCounters(table: string, prefix: string): Promise<Counter[]>;
  /** The cells of a table with their timestamps, in byte order of the key. */
  counterCells(table: string, which: CellQuery): Promise<CounterCell[]>;
  /** The counter tables that hold rows, with their row counts. */
  counterTables(): Promise<{ table: string; rows: number }[]>;
  /** Where a job resumes: the offsets committed with its last applied batch. */
  committedOffsets(job: string): Promise<PartitionOffset[]>;

  /** Inserts or replaces by (job, window start, key), so writing a window again is harmless. */
  upsertWindowResults(job: string, results: readonly WindowResult[]): Promise<void>;
  /** Windows starting in [from, to), oldest first. */
  queryWindowResults(job: string, from: Date, to: Date): Promise<WindowResult[]>;

  /** Ranks the entries by score, keeps the top SNAPSHOT_SIZE and replaces any snapshot taken at the same time. */
  saveSnapshot(job: string, takenAt: Date, entries: readonly PopularityEntry[]): Promise<PopularitySnapshot>;
  latestSnapshot(job: string): Promise<PopularitySnapshot | undefined>;
  /** Snapshots taken in [from, to), oldest first. */
  snapshots(job: string, from: Date, to: Date): Promise<PopularitySnapshot[]>;

  close(): Promise<void>;
}
