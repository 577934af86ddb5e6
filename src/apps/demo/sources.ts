import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from '../../agent/agent.js';
import { COURSE_CLICKS_INPUT } from '../course-clicks/course-clicks-job.js';
import { BatchSender, createProducer, type TextProducer } from '../../client/index.js';
import type { Logger } from '../../log.js';
import { runAccessLog } from '../access-log/generator-file.js';
import { DeadLetterFile } from '../dead-letter.js';
import { PageBehaviorGenerator, runPageBehavior } from '../page-behavior/generator.js';
import { replayUserLog } from '../taobao/replay.js';
import { writeSyntheticUserLogOffThread } from '../taobao/synthetic-off-thread.js';
import { ACCESS_AGENT, accessAgentProperties } from './access-agent.js';
import type { DemoOptions } from './options.js';

/** Rows of the generated user_log.csv when the user brings none: a few hours at the seeds' rate before it loops. */
const GENERATED_ROWS = 200_000;

export interface SourceCounts {
  sex: number;
  userLog: number;
  pageMessages: number;
  accessLines: number;
}

export interface Sources {
  /** What the generators have handed on so far. */
  counts(): SourceCounts;
  /** The access log the agent tails; rotated copies sit beside it as access.log.1, .2 … */
  readonly accessLog: string;
  /** Stops the generators and flushes what they produced; the agent keeps shipping the log. */
  stopGenerators(): Promise<SourceCounts>;
  /** Stops the generators, then the agent. */
  close(): Promise<void>;
}

/**
 * The Taobao log to replay: the user's, or a generated one, made once per data
 * folder (on a worker thread) so a restart replays the same rows. Start it
 * early and pass the path to startSources.
 */
export async function taobaoFile(o: DemoOptions): Promise<string> {
  if (o.taobaoFile) return o.taobaoFile;
  const path = join(o.dataDir, 'taobao', 'user_log.csv');
  if (!existsSync(path)) {
    o.logger.info({ path, rows: GENERATED_ROWS }, 'no --taobao-file given: generating a synthetic user_log.csv');
    await writeSyntheticUserLogOffThread(path, GENERATED_ROWS, o.seed);
  }
  return path;
}

/**
 * The data the seeds fed their pipelines: the Taobao log replayed to `sex`
 * (gender column) and `user_log` (whole rows), seed 001's page behaviour and
 * seed 002's access log, which a Flume-config agent ships to `streamingtopic`.
 */
export async function startSources(o: DemoOptions, bootstrap: string, file: string): Promise<Sources> {
  const logger: Logger = o.logger.child({ component: 'sources' });
  const stop = new AbortController();
  const producers: TextProducer[] = [];
  const sender = (clientId: string) => {
    const producer = createProducer(bootstrap, clientId);
    producers.push(producer);
    return new BatchSender(producer);
  };
  const deadLetter = new DeadLetterFile(join(o.dataDir, 'taobao', 'user_log.dead-letter.jsonl'));
  const counts: SourceCounts = { sex: 0, userLog: 0, pageMessages: 0, accessLines: 0 };

  const sexSender = sender('demo-taobao-sex');
  const userLogSender = sender('demo-taobao-user-log');
  const pageSender = sender('demo-page-behavior');
  const replay = (topic: string, format: 'gender' | 'json', to: BatchSender, count: (n: number) => void) =>
    replayUserLog({ file, topic, format, rate: o.rate, loop: true, deadLetter, signal: stop.signal, onProgress: (p) => count(p.queued) }, to);

  const accessLog = join(o.dataDir, 'logs', 'access.log');
  const agent = Agent.fromProperties(accessAgentProperties(accessLog, join(o.dataDir, 'agent'), bootstrap, COURSE_CLICKS_INPUT), ACCESS_AGENT, {
    logger: logger.child({ component: 'agent' }),
  });

  const running = Promise.all([
    replay('sex', 'gender', sexSender, (n) => (counts.sex = n)),
    replay('user_log', 'json', userLogSender, (n) => (counts.userLog = n)),
    runPageBehavior(
      { generator: new PageBehaviorGenerator(o.seed), intervalMs: o.pageIntervalMs, signal: stop.signal, onBatch: (_sent, total) => (counts.pageMessages = total) },
      pageSender,
    ),
    runAccessLog({
      out: accessLog,
      seed: o.seed,
      rate: o.accessLogRate,
      rotateBytes: o.accessLogRotateBytes,
      signal: stop.signal,
      onProgress: (written) => (counts.accessLines = written),
    }),
  ]);
  // The access log must exist before TAILDIR looks for it.
  while (!existsSync(accessLog) && !stop.signal.aborted) await new Promise((r) => setTimeout(r, 20));
  await agent.start();

  let stopped: Promise<SourceCounts> | undefined;
  const stopGenerators = () =>
    (stopped ??= (async () => {
      stop.abort();
      const [sex, userLog, pages, lines] = await running;
      Object.assign(counts, { sex: sex.sent, userLog: userLog.sent, pageMessages: pages, accessLines: lines });
      deadLetter.close();
      await Promise.all(producers.map((p) => p.close()));
      logger.info({ ...counts }, 'generators stopped');
      return { ...counts };
    })());
  return {
    accessLog,
    counts: () => ({ ...counts }),
    stopGenerators,
    async close() {
      await stopGenerators();
      await agent.stop();
    },
  };
}
