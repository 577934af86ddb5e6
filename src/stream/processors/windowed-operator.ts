import type { TaskContext } from '../task/task-context.js';
import {
  NEVER,
  NOTHING_SCHEDULED,
  type CheckpointedOperator,
  type Processor,
  type ResultEmitter,
  type TimeDriven,
} from './processor.js';

/** The settings every windowed operator shares. */
export interface WindowedOperatorConfig {
  readonly name: string;
  readonly eventTime: boolean;
  readonly lateness: number;
  /** How long after its end a window still takes records (Kafka Streams' grace); event time only. */
  readonly grace: number;
}

/**
 * Time handling shared by the window operators: the record's time (event or processing),
 * the watermark (processing clock, or in event time the largest event time seen minus the
 * allowed lateness), routing of late records, the processing-time deadline, and where results go.
 * Subclasses implement process(), closeThrough() and their checkpoint progress.
 *
 * closeThrough() is given the watermark minus the grace, so a subclass that closes what ends at
 * or before it, and calls late what would only fall into what it closed, honours the grace
 * without knowing of it. Grace and lateness are refused in processing time, where a record always
 * falls into an open window, so the processing clock is passed as it is.
 */
export abstract class WindowedOperator implements Processor, TimeDriven, CheckpointedOperator {
  readonly name: string;
  protected readonly eventTime: boolean;
  /** How far the closing lags the largest event time: the lateness of the watermark plus the window's grace. */
  private readonly closeDelay: number;
  protected maxEventTime = NEVER;
  /** The next processing time at which closeThrough() has something to emit. */
  protected nextClose = NOTHING_SCHEDULED;

  constructor(
    config: WindowedOperatorConfig,
    protected readonly ctx: TaskContext,
    protected readonly emitter: ResultEmitter,
    private readonly late: Processor,
  ) {
    this.name = config.name;
    this.eventTime = config.eventTime;
    this.closeDelay = config.lateness + config.grace;
  }

  abstract process(key: unknown, value: unknown, timestamp: number): void;
  abstract saveProgress(): Record<string, number>;
  abstract restoreProgress(progress: Readonly<Record<string, number>> | undefined): void;
  /** Emits and drops every window that ends at or before `closeTime` (the watermark minus the grace). */
  protected abstract closeThrough(closeTime: number): void;

  /** The time a record counts at: its timestamp in event time, else the processing clock. */
  protected timeOf(timestamp: number): number {
    return this.eventTime ? timestamp : this.ctx.now;
  }

  /** Counts a record that arrived after its window closed and sends it to the late output. */
  protected routeLate(key: unknown, value: unknown, timestamp: number): void {
    this.ctx.metrics.lateRecords++;
    this.late.process(key, value, timestamp);
  }

  /** In event time, a record past the largest time seen moves the watermark. */
  protected observe(time: number): void {
    if (this.eventTime && time > this.maxEventTime) {
      this.maxEventTime = time;
      this.closeThrough(time - this.closeDelay);
    }
  }

  advanceTo(now: number): void {
    if (!this.eventTime) this.closeThrough(now);
  }

  deadline(): number {
    return this.eventTime ? NOTHING_SCHEDULED : this.nextClose;
  }
}
