import { parseJson, ResultFormatError } from './parse.js';
import type { FeedRecord } from './topic-feed.js';

/** Where the stream runtime publishes each job instance's metrics object, every second. */
export const JOB_METRICS_TOPIC = 'streamdash-metrics';

/** One instance's metrics object: who, when, and its figures (recordsInPerSec, lag, stateSize, …) and counters. */
export interface JobReport {
  job: string;
  applicationId: string;
  instance: string;
  /** When the figures were taken, epoch ms. */
  at: number;
  /** Every numeric field of the object. */
  figures: Record<string, number>;
  /** The job's own counters, e.g. lines dead-lettered. */
  counters: Record<string, number>;
  /** Where the instance serves its state stores (`streamdash run … --query-port`), or null. */
  queryUrl: string | null;
  /** The tasks it runs (the runtime's `taskDetails`); none from a runtime that does not publish them. */
  tasks: TaskView[];
}

/** One task of one instance, as the runtime publishes it. */
export interface TaskView {
  id: string;
  recordsIn: number;
  lateRecords: number;
  lag: number;
  /** Live entries per state store. */
  stores: Record<string, number>;
}

/** One live instance of a job, for the console's jobs view. */
export interface InstanceView {
  instance: string;
  at: number;
  queryUrl: string | null;
  tasks: TaskView[];
}

export interface JobView {
  job: string;
  applicationId: string;
  /** Instances that reported lately; their figures are summed (durations: the longest). */
  instances: number;
  figures: Record<string, number>;
  counters: Record<string, number>;
  /** The query servers of the instances that reported lately, for /system to link to. */
  queryUrls: string[];
  /** Time since the job's changelog last grew, i.e. its last checkpoint; null when none was seen. */
  checkpointAgeMs: number | null;
  /**
   * The job's lag as Kafka's tools give it: its input's end offsets past the offsets its group (the job's
   * applicationId) committed, which the runtime commits at each checkpoint. Null until the group has committed.
   * `figures.lag` is the instances' own read position instead, ahead of this between checkpoints.
   */
  committedLag: number | null;
  /** Time since the newest report. */
  reportAgeMs: number;
  /** The instances that reported lately, each with its tasks. */
  members: InstanceView[];
}

/** An instance that has not reported for this long has stopped or handed its tasks on; its figures no longer count. */
const INSTANCE_GONE_MS = 15_000;
/** Figures of one instance's duration, not amounts: several instances' are not added up. */
const DURATIONS = new Set(['checkpointMs']);
const REQUIRED = ['at', 'recordsInPerSec', 'recordsOutPerSec', 'lag'];

const EXPECTED = 'the stream runtime\'s metrics object, e.g. {"job":"gender","applicationId":"gender","instance":"host-42","at":…,"recordsInPerSec":…,"lag":…}';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function numbersOf(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => isNumber(e[1])));
}

/** The tasks of a metrics object; an entry not in the runtime's shape is left out rather than failing the report. */
function tasksOf(value: unknown): TaskView[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((t: unknown) => {
    if (typeof t !== 'object' || t === null) return [];
    const o = t as Record<string, unknown>;
    if (typeof o.id !== 'string' || !isNumber(o.recordsIn) || !isNumber(o.lateRecords) || !isNumber(o.lag)) return [];
    return [{ id: o.id, recordsIn: o.recordsIn, lateRecords: o.lateRecords, lag: o.lag, stores: numbersOf(o.stores) }];
  });
}

export function parseJobReport(value: string | null | undefined): JobReport {
  const r = parseJson(JOB_METRICS_TOPIC, EXPECTED, value) as Record<string, unknown> | null;
  const figures = numbersOf(r);
  if (typeof r !== 'object' || r === null || typeof r.job !== 'string' || REQUIRED.some((f) => !(f in figures))) {
    throw new ResultFormatError(JOB_METRICS_TOPIC, EXPECTED, value);
  }
  return {
    job: r.job,
    applicationId: typeof r.applicationId === 'string' ? r.applicationId : r.job,
    instance: typeof r.instance === 'string' ? r.instance : '',
    at: figures.at!,
    figures,
    counters: numbersOf(r.counters),
    queryUrl: typeof r.queryUrl === 'string' && /^https?:\/\//.test(r.queryUrl) ? r.queryUrl : null,
    tasks: tasksOf(r.taskDetails),
  };
}

function combine(reports: readonly Record<string, number>[], durations: ReadonlySet<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of reports) {
    for (const [k, v] of Object.entries(r)) out[k] = durations.has(k) ? Math.max(out[k] ?? 0, v) : (out[k] ?? 0) + v;
  }
  return out;
}

/** What the broker says of a job, beside its own reports. */
export interface JobBrokerFacts {
  /** When one of the job's changelog topics last grew, epoch ms. */
  checkpointSeenAt(applicationId: string): number | undefined;
  /** Its group's lag from the committed offsets, as kafka-consumer-groups.sh computes it. */
  committedLag(applicationId: string): number | undefined;
}

/** The latest report of every instance of every job. */
export class JobMetricsModel {
  readonly #latest = new Map<string, JobReport>();

  take(record: FeedRecord): void {
    const report = parseJobReport(record.value);
    const id = `${report.applicationId}\u0000${report.instance}`;
    const known = this.#latest.get(id);
    if (!known || known.at <= report.at) this.#latest.set(id, report);
  }

  /**
   * One row per job. The metrics object has the duration of the last checkpoint but not
   * its time, so the broker tells when the job's changelog topics last grew; and its group's committed lag.
   */
  list(now: number, broker: JobBrokerFacts): JobView[] {
    const byJob = new Map<string, JobReport[]>();
    for (const r of this.#latest.values()) {
      const list = byJob.get(r.applicationId);
      if (list) list.push(r);
      else byJob.set(r.applicationId, [r]);
    }
    return [...byJob.values()]
      .map((reports) => {
        const newest = reports.reduce((a, b) => (b.at > a.at ? b : a));
        const live = reports.filter((r) => newest.at - r.at <= INSTANCE_GONE_MS);
        const { at: _at, ...figures } = combine(
          live.map((r) => r.figures),
          DURATIONS,
        );
        const checkpointAt = broker.checkpointSeenAt(newest.applicationId);
        return {
          job: newest.job,
          applicationId: newest.applicationId,
          instances: live.length,
          figures,
          counters: combine(
            live.map((r) => r.counters),
            new Set(),
          ),
          queryUrls: live.flatMap((r) => (r.queryUrl === null ? [] : [r.queryUrl])).sort(),
          checkpointAgeMs: checkpointAt === undefined ? null : Math.max(0, now - checkpointAt),
          committedLag: broker.committedLag(newest.applicationId) ?? null,
          reportAgeMs: Math.max(0, now - newest.at),
          members: live
            .map((r) => ({ instance: r.instance, at: r.at, queryUrl: r.queryUrl, tasks: [...r.tasks].sort((a, b) => a.id.localeCompare(b.id)) }))
            .sort((a, b) => a.instance.localeCompare(b.instance)),
        };
      })
      .sort((a, b) => a.job.localeCompare(b.job));
  }
}
