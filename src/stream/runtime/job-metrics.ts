import { Rate, sumMetrics, type JobMetrics, type MetricsSnapshot, type TaskDetail } from '../task/metrics.js';

/** What the runtime publishes: the job's JobMetrics, plus who and when. */
export interface RuntimeMetrics extends JobMetrics {
  readonly job: string;
  readonly applicationId: string;
  /** The process, `<host>-<pid>` unless given; several instances of one job each publish their own share. */
  readonly instance: string;
  /** When the object was taken, epoch ms. */
  readonly at: number;
  /** The tasks this instance runs, `<sub-topology>_<partition>`. */
  readonly tasks: readonly string[];
  /** The same tasks, each with its counters, store sizes and lag. */
  readonly taskDetails: readonly TaskDetail[];
  /** Time fetching has waited for slow output since the start, ms. */
  readonly backpressureMs: number;
  /** The job's own counters, e.g. empty values dropped, lines dead-lettered. */
  readonly counters: Readonly<Record<string, number>>;
  /** Where this instance serves its state stores (interactive queries), or null when it does not. */
  readonly queryUrl: string | null;
}

export interface Identity {
  readonly job: string;
  readonly applicationId: string;
  readonly instance: string;
}

const ZERO: MetricsSnapshot = { recordsIn: 0, recordsOut: 0, lateRecords: 0, skippedRecords: 0, duplicatesDropped: 0, stateSize: 0 };

/**
 * Sums the task counters, keeping those of tasks that moved to another instance so the
 * totals never go back, and samples the rates on the runtime's own timer, so any number
 * of readers see the same figures.
 */
export class MetricsTracker {
  lag = 0;
  checkpointMs = 0;
  backpressureMs = 0;
  queryUrl: string | null = null;
  private retired: MetricsSnapshot = ZERO;
  private readonly inRate = new Rate();
  private readonly outRate = new Rate();
  private inPerSec = 0;
  private outPerSec = 0;

  constructor(
    private readonly identity: Identity,
    private readonly counters: (() => Readonly<Record<string, number>>) | undefined,
  ) {}

  retire(task: MetricsSnapshot): void {
    this.retired = sumMetrics([this.retired, { ...task, stateSize: 0 }]);
  }

  sampleRates(tasks: Iterable<MetricsSnapshot>, now: number): void {
    const totals = sumMetrics([this.retired, ...tasks]);
    this.inPerSec = this.inRate.sample(totals.recordsIn, now);
    this.outPerSec = this.outRate.sample(totals.recordsOut, now);
  }

  snapshot(tasks: ReadonlyMap<string, MetricsSnapshot>, taskDetails: readonly TaskDetail[], now: number): RuntimeMetrics {
    return {
      ...this.identity,
      at: now,
      tasks: [...tasks.keys()],
      taskDetails,
      ...sumMetrics([this.retired, ...tasks.values()]),
      recordsInPerSec: this.inPerSec,
      recordsOutPerSec: this.outPerSec,
      lag: this.lag,
      checkpointMs: this.checkpointMs,
      backpressureMs: this.backpressureMs,
      counters: this.counters?.() ?? {},
      queryUrl: this.queryUrl,
    };
  }
}
