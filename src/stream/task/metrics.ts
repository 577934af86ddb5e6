/** Counters a task bumps on its hot path: plain fields, no maps or labels. */
export class TaskMetrics {
  /** Records read from user topics (internal repartition topics are not counted twice). */
  recordsIn = 0;
  /** Records written to user topics, side topics included. */
  recordsOut = 0;
  lateRecords = 0;
  /** Input records with a null value, which carry nothing to process. */
  skippedRecords = 0;
  /** Repartition records seen a second time after a restart, and dropped. */
  duplicatesDropped = 0;
}

export interface MetricsSnapshot {
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly lateRecords: number;
  readonly skippedRecords: number;
  readonly duplicatesDropped: number;
  /** Live entries over all state stores. */
  readonly stateSize: number;
}

/** One task of a running instance, for a console to list: its counters, its stores' sizes and its input's lag. */
export interface TaskDetail {
  /** `<sub-topology>_<partition>`. */
  readonly id: string;
  readonly recordsIn: number;
  readonly lateRecords: number;
  /** Live entries per state store, by store name. */
  readonly stores: Readonly<Record<string, number>>;
  /** Records in the task's input partitions past its read position, as of their last fetch. */
  readonly lag: number;
}

/** The metrics object of a job: task counters summed, plus what only the runner knows. */
export interface JobMetrics extends MetricsSnapshot {
  readonly recordsInPerSec: number;
  readonly recordsOutPerSec: number;
  /** Records in input partitions not processed yet. */
  readonly lag: number;
  /** Duration of the last checkpoint, milliseconds. */
  readonly checkpointMs: number;
}

export function sumMetrics(snapshots: Iterable<MetricsSnapshot>): MetricsSnapshot {
  const total = { recordsIn: 0, recordsOut: 0, lateRecords: 0, skippedRecords: 0, duplicatesDropped: 0, stateSize: 0 };
  for (const s of snapshots) {
    total.recordsIn += s.recordsIn;
    total.recordsOut += s.recordsOut;
    total.lateRecords += s.lateRecords;
    total.skippedRecords += s.skippedRecords;
    total.duplicatesDropped += s.duplicatesDropped;
    total.stateSize += s.stateSize;
  }
  return total;
}

/** Per-second rate of a growing counter between successive samples. */
export class Rate {
  private lastTime = Number.NaN;
  private lastCount = 0;
  private current = 0;

  /** Returns the rate since the previous sample; the previous rate if no time has passed; 0 on the first sample. */
  sample(count: number, now: number): number {
    if (Number.isNaN(this.lastTime)) {
      this.lastTime = now;
      this.lastCount = count;
      return 0;
    }
    const elapsed = now - this.lastTime;
    if (elapsed <= 0) return this.current;
    this.current = ((count - this.lastCount) * 1000) / elapsed;
    this.lastTime = now;
    this.lastCount = count;
    return this.current;
  }
}
