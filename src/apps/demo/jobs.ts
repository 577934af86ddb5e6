import { courseClicksJob, republishCounters } from '../course-clicks/course-clicks-job.js';
import { genderJob } from '../gender/gender-job.js';
import { popularityJob } from '../popularity/popularity-job.js';
import { taobaoInsightsJob } from '../taobao-insights/taobao-insights-job.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/index.js';
import { jobRuntimeOptions, StreamRuntime, type RuntimeMetrics, type StreamJob } from '../../stream/runtime/index.js';

export interface RunningJobs {
  metrics(): RuntimeMetrics[];
  /** Stops every job after a last checkpoint. */
  close(): Promise<void>;
}

/**
 * The four jobs, each on its own stream runtime in this process: one consumer
 * group per job, state in changelog topics, so a restart on the same data
 * folder resumes where the last run checkpointed. The three that need no
 * store start at once; course-clicks starts after the totals the store holds
 * are republished, which waits for a store that is still opening. Its input
 * waits in its topic meanwhile, so nothing is lost by starting it later.
 */
export function startJobs(bootstrap: string, store: Store, logger: Logger): RunningJobs {
  const log = (job: string) => logger.child({ job });
  const stop = new AbortController();
  const runtimes: StreamRuntime[] = [];
  const jobs: StreamJob[] = [];
  const run = (job: StreamJob): Promise<void> => {
    jobs.push(job);
    const rt = new StreamRuntime(job.topology, jobRuntimeOptions(job, { bootstrap, logger: log(job.name) }));
    runtimes.push(rt);
    return rt.run(stop.signal);
  };
  const failed = (name: string) => (err: unknown) => {
    log(name).error({ err }, 'job stopped with an error; the rest of the demo goes on');
  };
  const runs = [genderJob({ logger: log('gender') }), popularityJob({ logger: log('popularity') }), taobaoInsightsJob({ logger: log('taobao-insights') })].map(
    (job) => run(job).catch(failed(job.name)),
  );
  runs.push(
    // The dashboard's course charts start from the totals the store already holds.
    republishCounters(store, bootstrap)
      .then(() => {
        if (!stop.signal.aborted) return run(courseClicksJob({ store, logger: log('course-clicks') }));
      })
      .catch(failed('course-clicks')),
  );
  return {
    metrics: () => runtimes.map((rt) => rt.metrics()),
    async close() {
      stop.abort();
      await Promise.all(runs);
      await Promise.all(jobs.map((j) => j.close?.()));
    },
  };
}
