import { InvalidArgumentError, type Command } from 'commander';
import { courseClicksJob, COURSE_CLICKS_DEAD_LETTERS, COURSE_CLICKS_INPUT, COURSE_CLICKS_OUTPUT, republishCounters } from '../apps/course-clicks/course-clicks-job.js';
import { GENDER_DEAD_LETTERS, GENDER_INPUT, GENDER_OUTPUT, genderJob } from '../apps/gender/gender-job.js';
import { stopOnInterrupt } from '../apps/interrupt.js';
import { PAGE_BEHAVIOR_TOPIC } from '../apps/page-behavior/generator.js';
import { POPULARITY_DEAD_LETTERS, POPULARITY_OUTPUT, popularityJob } from '../apps/popularity/popularity-job.js';
import { INSIGHTS_DEAD_LETTERS, INSIGHTS_INPUT, taobaoInsightsJob } from '../apps/taobao-insights/taobao-insights-job.js';
import { DEFAULT_BOOTSTRAP } from '../client/bootstrap.js';
import { describe } from '../client/errors.js';
import type { Logger } from '../log.js';
import { DEFAULT_STORE_SPEC, openStore } from '../store/index.js';
import { jobRuntimeOptions, METRICS_TOPIC, PROCESSING_GUARANTEES, StreamRuntime, type OffsetReset, type ProcessingGuarantee, type StreamJob } from '../stream/runtime/index.js';
import { loggerFor, parseDuration, parseIntOption } from './options.js';
import { userFrame } from './user-job/errors.js';
import { loadUserJob } from './user-job/load.js';

interface CommonFlags {
  bootstrap: string;
  applicationId?: string;
  checkpointInterval?: number;
  processingGuarantee: ProcessingGuarantee;
  offsetReset: OffsetReset;
  sessionTimeout: number;
  metricsTopic: string | false;
  queryPort?: number;
  queryHost: string;
}

const BUILT_IN_JOBS = ['gender', 'popularity', 'course-clicks', 'taobao-insights'];

/** `streamdash run gender|popularity|course-clicks|taobao-insights|./my-job.ts`: the seeds' stream jobs, or the user's own, on the stream runtime. */
export function registerRun(program: Command): void {
  const run = program
    .command('run')
    .description('run a stream job: gender (seed 003), popularity (seed 001), course-clicks (seed 002), taobao-insights, or your own module (./my-job.ts)');

  // The default sub-command: whatever is not a built-in job's name is the path of the user's module.
  common(run.command('module <file>', { isDefault: true }).description('run your own job: a .ts, .js or .mjs module whose default export is a topology or { name, topology, counters? }'))
    .action(async (file: string, flags: CommonFlags, cmd: Command) => {
      const logger = loggerFor(cmd, 'run');
      let job: StreamJob;
      try {
        job = await loadUserJob(file, BUILT_IN_JOBS);
      } catch (error) {
        process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
        return;
      }
      await runJob(job, flags, logger.child({ job: job.name }), true);
    });

  common(run.command('gender').description('count each gender per window of `sex` and write [{"0":3},{"1":6},{"2":1}] to `result`'))
    .option('--input <topic>', 'topic of gender values "0", "1", "2"', GENDER_INPUT)
    .option('--output <topic>', 'where each window’s counts go', GENDER_OUTPUT)
    .option('--dead-letter-topic <topic>', 'where values that are not a gender go', GENDER_DEAD_LETTERS)
    .option('--window <duration>', 'window length, e.g. 1s or 5s', parseDuration('--window'), 1000)
    .option('--slide <duration>', 'how often a window is emitted (default: the window length, i.e. tumbling)', parseDuration('--slide'))
    .option('--event-time', 'window by the records’ timestamps instead of the time they are processed')
    .action(async (flags: CommonFlags & { input: string; output: string; deadLetterTopic: string; window: number; slide?: number; eventTime?: boolean }, cmd: Command) => {
      const logger = loggerFor(cmd, 'run-gender');
      const job = genderJob({
        input: flags.input,
        output: flags.output,
        deadLetterTopic: flags.deadLetterTopic,
        window: flags.window,
        slide: flags.slide ?? flags.window,
        eventTime: !!flags.eventTime,
        logger,
      });
      await runJob(job, flags, logger);
    });

  common(run.command('popularity').description('sum page popularity from `user-behavior-topic` and write the top 10 every interval'))
    .option('--input <topic>', 'topic of page|clicks|stay|like lines', PAGE_BEHAVIOR_TOPIC)
    .option('--output <topic>', 'where each top 10 goes', POPULARITY_OUTPUT)
    .option('--dead-letter-topic <topic>', 'where malformed lines go', POPULARITY_DEAD_LETTERS)
    .option('--interval <duration>', 'how often the top 10 is computed, written and printed', parseDuration('--interval'), 2000)
    .action(async (flags: CommonFlags & { input: string; output: string; deadLetterTopic: string; interval: number }, cmd: Command) => {
      const logger = loggerFor(cmd, 'run-popularity');
      const job = popularityJob({
        input: flags.input,
        output: flags.output,
        deadLetterTopic: flags.deadLetterTopic,
        interval: flags.interval,
        print: (lines) => process.stdout.write(lines),
        logger,
      });
      await runJob(job, flags, logger);
    });

  common(run.command('course-clicks').description('count course clicks per day (and per search engine) from access logs into the results store'))
    .option('--input <topic>', 'topic of access-log lines', COURSE_CLICKS_INPUT)
    .option('--output <topic>', 'where each counter’s new total goes', COURSE_CLICKS_OUTPUT)
    .option('--dead-letter-topic <topic>', 'where malformed lines go', COURSE_CLICKS_DEAD_LETTERS)
    .option('--store <dir|url>', 'results store: a directory (embedded) or postgres://…', DEFAULT_STORE_SPEC)
    .action(async (flags: CommonFlags & { input: string; output: string; deadLetterTopic: string; store: string }, cmd: Command) => {
      const logger = loggerFor(cmd, 'run-course-clicks');
      let store;
      try {
        store = await openStore(flags.store, { logger });
        const republished = await republishCounters(store, flags.bootstrap, flags.output);
        logger.info({ store: store.target, republished }, 'results store open; current totals published');
      } catch (error) {
        await store?.close();
        process.stderr.write(`error: ${describe(error)}\n`);
        process.exitCode = 1;
        return;
      }
      const opened = store;
      const job = courseClicksJob({
        store: opened,
        storeJob: flags.applicationId ?? 'course-clicks',
        input: flags.input,
        output: flags.output,
        deadLetterTopic: flags.deadLetterTopic,
        logger,
      });
      await runJob({ ...job, close: () => opened.close() }, flags, logger);
    });

  common(run.command('taobao-insights').description('from full user_log rows: actions per second, top 10 provinces and age ranges over the last 60 s'))
    .option('--input <topic>', 'topic of user_log rows as JSON (streamdash produce taobao --format json)', INSIGHTS_INPUT)
    .option('--dead-letter-topic <topic>', 'where rows that are not user_log JSON go', INSIGHTS_DEAD_LETTERS)
    .action(async (flags: CommonFlags & { input: string; deadLetterTopic: string }, cmd: Command) => {
      const logger = loggerFor(cmd, 'run-taobao-insights');
      await runJob(taobaoInsightsJob({ input: flags.input, deadLetterTopic: flags.deadLetterTopic, logger }), flags, logger);
    });
}

function common(cmd: Command): Command {
  return cmd
    .option('--bootstrap <host:port>', 'broker to connect to', DEFAULT_BOOTSTRAP)
    .option('--application-id <id>', 'consumer group and internal-topic prefix (default: the job’s name)')
    .option('--checkpoint-interval <duration>', 'how often state is saved and offsets committed (default 5s; 100ms under exactly_once_v2)', parseDuration('--checkpoint-interval'))
    .option('--processing-guarantee <at_least_once|exactly_once_v2>', 'exactly_once_v2: output, state and offsets commit in one Kafka transaction per checkpoint', parseProcessingGuarantee, 'at_least_once')
    .option('--offset-reset <earliest|latest>', 'where a new job starts reading its input', parseOffsetReset, 'earliest')
    .option('--session-timeout <duration>', 'how long before a silent instance’s tasks move to another (at least 6s)', parseDuration('--session-timeout'), 10_000)
    .option('--metrics-topic <topic>', 'topic the metrics object is published to every second', METRICS_TOPIC)
    .option('--no-metrics-topic', 'publish no metrics')
    .option('--query-port <port>', 'serve the job’s state stores read-only over HTTP on this port (0: any free one; the URL is logged)', parseIntOption('--query-port'))
    .option('--query-host <host>', 'where the query server binds', '127.0.0.1');
}

async function runJob(job: StreamJob, flags: CommonFlags, logger: Logger, userCode = false): Promise<void> {
  const interrupt = stopOnInterrupt();
  const runtime = new StreamRuntime(
    job.topology,
    jobRuntimeOptions(job, {
      bootstrap: flags.bootstrap,
      applicationId: flags.applicationId,
      checkpointIntervalMs: flags.checkpointInterval,
      processingGuarantee: flags.processingGuarantee,
      offsetReset: flags.offsetReset,
      sessionTimeoutMs: flags.sessionTimeout,
      metricsTopic: flags.metricsTopic === false ? null : flags.metricsTopic,
      queryPort: flags.queryPort ?? null,
      queryHost: flags.queryHost,
      logger,
    }),
  );
  try {
    await runtime.run(interrupt.signal);
  } catch (error) {
    // An operator of the user's that threw: where in their code, rather than in the runtime's.
    const where = userCode ? userFrame(error) : undefined;
    process.stderr.write(`error: ${describe(error)}\n${where ? `${where}\n` : ''}`);
    process.exitCode = 1;
  } finally {
    interrupt.dispose();
    await job.close?.();
  }
}

function parseProcessingGuarantee(value: string): ProcessingGuarantee {
  const known = PROCESSING_GUARANTEES.find((g) => g === value);
  if (known === undefined) throw new InvalidArgumentError(`--processing-guarantee is ${PROCESSING_GUARANTEES.join(' or ')}, got "${value}"`);
  return known;
}

function parseOffsetReset(value: string): OffsetReset {
  if (value !== 'earliest' && value !== 'latest') throw new InvalidArgumentError(`--offset-reset is earliest or latest, got "${value}"`);
  return value;
}
