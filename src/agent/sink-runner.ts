import type { Logger } from '../log.js';
import { channelsOf, type SinkProcessor } from './processors/sink-processor.js';
import { Signal } from './signal.js';

const BACKOFF_STEP_MS = 1000;
const MAX_BACKOFF_MS = 5000;

/**
 * Flume's SinkRunner: calls the processor in a loop. After BACKOFF (nothing
 * to take) it sleeps until a channel gets events, at most 1 s, 2 s … 5 s; after
 * a failure it sleeps 1 s, 2 s … 5 s before retrying.
 */
export class SinkRunner {
  private stopping = false;
  private readonly wake = new Signal();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly processor: SinkProcessor,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.notifyAll();
    await this.loop;
  }

  private async run(): Promise<void> {
    let backoffs = 0;
    let failures = 0;
    while (!this.stopping) {
      try {
        const status = await this.processor.process();
        failures = 0;
        if (status === 'READY') {
          backoffs = 0;
          continue;
        }
        backoffs++;
        const ms = Math.min(backoffs * BACKOFF_STEP_MS, MAX_BACKOFF_MS);
        await this.sleepUnlessWoken(ms, true);
      } catch (err) {
        if (this.stopping) break;
        failures++;
        const ms = Math.min(failures * BACKOFF_STEP_MS, MAX_BACKOFF_MS);
        this.logger.error({ err, sink: this.processor.name, retryInMs: ms }, (err as Error).message);
        await this.sleepUnlessWoken(ms, false);
      }
    }
  }

  /** Sleeps up to `ms`; stop() ends it early, and so do new events when `untilEvents`. */
  private async sleepUnlessWoken(ms: number, untilEvents: boolean): Promise<void> {
    const done = new AbortController();
    const waits = [this.wake.wait(ms, done.signal)];
    if (untilEvents) for (const c of channelsOf(this.processor)) waits.push(c.waitForEvents(ms, done.signal));
    await Promise.race(waits);
    done.abort();
  }
}
