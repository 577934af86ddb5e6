import { BatchSender, createProducer } from '../../client/index.js';
import { silentLogger, type Logger } from '../../log.js';
import { COURSE_CLICKS_OUTPUT, COURSE_CLICKS_TABLE, SEARCH_CLICKS_TABLE } from '../../result-names.js';
import type { Store } from '../../store/store.js';
import { StreamBuilder } from '../../stream/dsl/stream-builder.js';
import { accepted, DEAD_LETTERED, setAsideRejected } from '../../stream/runtime/dead-letters.js';
import { JobCounters, type StreamJob } from '../../stream/runtime/stream-job.js';
import { parseAccessLine, type CourseClick } from './access-line.js';
import { COUNTER_SINK, counterRecord, CounterSink, type CounterClick } from './counter-sink.js';

export const COURSE_CLICKS_INPUT = 'streamingtopic';
export const COURSE_CLICKS_DEAD_LETTERS = 'course-clicks-dead-letter';
export { COURSE_CLICKS_OUTPUT, COURSE_CLICKS_TABLE, SEARCH_CLICKS_TABLE };
/** Well-formed lines for pages that are not courses: read, not counted. */
export const NOT_COURSE = 'notCourse';

export interface CourseClicksOptions {
  readonly store: Store;
  /** The name the store keeps the job's offsets under; the application id. Default 'course-clicks'. */
  readonly storeJob?: string;
  readonly input?: string;
  readonly output?: string;
  readonly deadLetterTopic?: string;
  readonly logger?: Logger;
}

/**
 * Seed 002's course statistics: clicks per (day, course) under row key `yyyyMMdd_courseId`
 * in table course-clicks, and for visitors sent by a search engine, per (day, engine,
 * course) under `yyyyMMdd_www.baidu.com_130` in course-search-clicks. Counts go to the
 * results store once per checkpoint with the input range they cover, so a replay after a
 * crash adds nothing (the seed's HBase increments count it twice); each new total is
 * published to `course-clicks`, keyed `<table>/<rowKey>`.
 */
export function courseClicksJob(options: CourseClicksOptions): StreamJob {
  const output = options.output ?? COURSE_CLICKS_OUTPUT;
  const counters = new JobCounters([NOT_COURSE, DEAD_LETTERED]);
  const b = new StreamBuilder();
  const parsed = b.stream(options.input ?? COURSE_CLICKS_INPUT).map(parseAccessLine);
  setAsideRejected(parsed, {
    job: 'course-clicks',
    topic: options.deadLetterTopic ?? COURSE_CLICKS_DEAD_LETTERS,
    counters,
    logger: options.logger ?? silentLogger,
  });
  parsed
    .filter(accepted)
    .flatMap((line) => {
      if (line.value !== null) return clicksOf(line.value);
      counters.add(NOT_COURSE);
      return [];
    })
    .to(COUNTER_SINK);
  return {
    name: 'course-clicks',
    topology: b.build(),
    counters: () => counters.snapshot(),
    batchSinks: [new CounterSink(options.store, options.storeJob ?? 'course-clicks', output)],
  };
}

export function clicksOf(click: CourseClick): CounterClick[] {
  const clicks = [{ table: COURSE_CLICKS_TABLE, rowKey: `${click.day}_${click.courseId}` }];
  if (click.searchHost !== undefined) clicks.push({ table: SEARCH_CLICKS_TABLE, rowKey: `${click.day}_${click.searchHost}_${click.courseId}` });
  return clicks;
}

/**
 * Publishes every counter's total to the output topic. Run at start: a crash between a
 * store commit and the publication of its totals would otherwise leave those rows stale
 * in the topic until their next click, since the store's offsets move the job past them.
 */
export async function republishCounters(store: Store, bootstrap: string, topic = COURSE_CLICKS_OUTPUT): Promise<number> {
  const producer = createProducer(bootstrap, 'streamdash-course-clicks-republish');
  const sender = new BatchSender(producer);
  let sent = 0;
  try {
    for (const table of [COURSE_CLICKS_TABLE, SEARCH_CLICKS_TABLE]) {
      for (const counter of await store.scanCounters(table, '')) {
        const record = counterRecord(topic, counter);
        sender.push({ topic, key: record.key!.toString(), value: record.value!.toString() });
        if (sender.full) await sender.ready();
        sent++;
      }
    }
    await sender.flush();
  } finally {
    await producer.close();
  }
  return sent;
}
