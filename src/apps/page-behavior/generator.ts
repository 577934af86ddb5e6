import { Random } from '../random.js';
import { systemClock, type Clock } from '../rate.js';

/** The topic of seed 001's UserBehaviorMsgProducer. */
export const PAGE_BEHAVIOR_TOPIC = 'user-behavior-topic';
export const PAGE_COUNT = 100;
export const LIKE_OR_NOT = [1, 0, -1] as const;

export interface PageBehaviorShape {
  /** Messages per interval are drawn uniformly from [min, max]. */
  minMessages?: number;
  maxMessages?: number;
}

/**
 * Seed 001's page-behaviour messages, `page37|5|1.5119122|-1`: page 1–100,
 * clicks 1–5, stay in minutes as `nextInt(5) + nextFloat()` (the seed's code
 * uses MAX_CLICK_TIME there, so stay is in [0, 5)), like one of 1, 0, -1.
 */
export class PageBehaviorGenerator {
  readonly #random: Random;
  readonly minMessages: number;
  readonly maxMessages: number;

  constructor(seed: number, { minMessages = 1, maxMessages = 50 }: PageBehaviorShape = {}) {
    if (!(minMessages >= 1 && maxMessages >= minMessages)) {
      throw new RangeError(`messages per interval must satisfy 1 ≤ min ≤ max, got ${minMessages}–${maxMessages}`);
    }
    this.#random = new Random(seed);
    this.minMessages = minMessages;
    this.maxMessages = maxMessages;
  }

  nextMessage(): string {
    const r = this.#random;
    const page = r.between(1, PAGE_COUNT);
    const clicks = r.between(1, 5);
    const stay = r.int(5) + r.next();
    return `page${page}|${clicks}|${formatFloat(stay)}|${r.pick(LIKE_OR_NOT)}`;
  }

  /** One interval's messages. */
  nextBatch(): string[] {
    const n = this.#random.between(this.minMessages, this.maxMessages);
    return Array.from({ length: n }, () => this.nextMessage());
  }
}

/** Where batches go; BatchSender (src/client/producer.ts) is the Kafka one. */
export interface MessageSink {
  push(message: { topic: string; value: string }): void;
  flush(): Promise<void>;
}

export interface PageBehaviorRun {
  generator: PageBehaviorGenerator;
  topic?: string;
  intervalMs?: number;
  /** Stop after this many intervals; endless when absent. */
  intervals?: number;
  clock?: Clock;
  signal?: AbortSignal;
  onBatch?: (sent: number, total: number) => void;
}

/** Sends one batch at once and then one every interval, on a fixed schedule, until stopped. Returns the messages sent. */
export async function runPageBehavior(run: PageBehaviorRun, sink: MessageSink): Promise<number> {
  const { generator, signal } = run;
  const topic = run.topic ?? PAGE_BEHAVIOR_TOPIC;
  const intervalMs = run.intervalMs ?? 5000;
  const clock = run.clock ?? systemClock;
  const start = clock.now();
  let total = 0;
  for (let i = 0; run.intervals === undefined || i < run.intervals; i++) {
    if (i > 0) await clock.sleep(start + i * intervalMs - clock.now(), signal);
    if (signal?.aborted) break;
    const batch = generator.nextBatch();
    for (const value of batch) sink.push({ topic, value });
    await sink.flush();
    total += batch.length;
    run.onBatch?.(batch.length, total);
  }
  return total;
}

/** Like Java's Float.toString for these values: up to 7 decimals, at least one. */
function formatFloat(x: number): string {
  const s = String(Number(Math.fround(x).toFixed(7)));
  return s.includes('.') ? s : `${s}.0`;
}
