import type { Topology } from '../topology/topology.js';
import type { BatchSink } from './batch-sink.js';
import type { RuntimeOptions } from './options.js';

/** A job `streamdash run` can start: its topology and what the runtime needs besides. */
export interface StreamJob {
  readonly name: string;
  readonly topology: Topology;
  /** The job's own counters, published with the runtime's metrics. */
  readonly counters?: () => Readonly<Record<string, number>>;
  readonly batchSinks?: readonly BatchSink[];
  /** Called once the runtime has stopped: close what the job opened. */
  close?(): Promise<void>;
}

/** Named counters a job bumps from its operators; several tasks of one process share them. */
export class JobCounters {
  private readonly values: Record<string, number> = {};

  constructor(names: readonly string[]) {
    for (const name of names) this.values[name] = 0;
  }

  add(name: string, n = 1): void {
    this.values[name] = (this.values[name] ?? 0) + n;
  }

  get(name: string): number {
    return this.values[name] ?? 0;
  }

  snapshot(): Readonly<Record<string, number>> {
    return { ...this.values };
  }
}

/** The runtime options a caller chooses; the job supplies the rest (its name, counters and batch sinks). */
export type JobRunOptions = Omit<RuntimeOptions, 'applicationId' | 'job' | 'counters' | 'batchSinks'> & {
  /** Default: the job's name. */
  readonly applicationId?: string;
};

/** The one mapping from a StreamJob to its runtime's options, for every place that runs a job. */
export function jobRuntimeOptions(job: StreamJob, options: JobRunOptions): RuntimeOptions {
  return {
    ...options,
    applicationId: options.applicationId ?? job.name,
    job: job.name,
    counters: job.counters,
    batchSinks: job.batchSinks,
  };
}
