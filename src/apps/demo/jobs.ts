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
 * folder resumes where the last run checkpointed.
 */
export async function startJobs(bootstrap: string, store: Store, logger: Logger): Promise<RunningJobs> {
  const log = (job: string) => logger.child({ job });
  const jobs: StreamJob[] = [
    genderJob({ logger: log('gender') }),
    popularityJob({ logger: log('popularity') }),
    courseClicksJob({ store, logger: log('course-clicks') }),
    taobaoInsightsJob({ logger: log('taobao-insights') }),
  ];
  // The dashboard's course charts start from the totals the store already holds.
  await republishCounters(store, bootstrap);
  const stop = new AbortController();
  const runtimes = jobs.map((job) => new StreamRuntime(job.topology, jobRuntimeOptions(job, { bootstrap, logger: log(job.name) })));
  const runs = runtimes.map((rt, i) =>
    rt.run(stop.signal).catch((err: unknown) => {
      log(jobs[i]!.name).error({ err }, 'job stopped with an error; the rest of the demo goes on');
    }),
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
