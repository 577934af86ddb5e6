import type { Context } from '../config/context.js';
import { EventDeliveryError } from '../errors.js';
import type { Logger } from '../../log.js';
import type { Sink, Status } from '../sinks/sink.js';
import type { SinkProcessor } from './sink-processor.js';

const CONSIDER_SEQUENTIAL_MS = 2000;
const MAX_SEQUENTIAL_FAILS = 16;

interface FailureState {
  fails: number;
  lastFail: number;
  restoreAt: number;
}

/**
 * Flume's `load_balance` processor: each call tries the sinks in the order
 * its selector gives (round_robin, the default, or random) until one works.
 * With `backoff`, a sink that failed sits out for an exponentially growing
 * time, capped at selector.maxTimeOut.
 */
export class LoadBalanceProcessor implements SinkProcessor {
  private readonly backoff: boolean;
  private readonly random: boolean;
  private readonly maxTimeout: number;
  private readonly state = new Map<Sink, FailureState>();
  private nextHead = 0;

  constructor(
    readonly name: string,
    ctx: Context,
    readonly sinks: Sink[],
    private readonly logger: Logger,
  ) {
    this.backoff = ctx.bool('backoff', false);
    this.random = ctx.oneOf('selector', 'round_robin', ['round_robin', 'random']) === 'random';
    this.maxTimeout = ctx.int('selector.maxTimeOut', 30_000, 0);
    for (const s of sinks) this.state.set(s, { fails: 0, lastFail: 0, restoreAt: 0 });
  }

  async process(): Promise<Status> {
    for (const sink of this.order()) {
      try {
        return await sink.process();
      } catch (err) {
        this.informFailure(sink);
        this.logger.warn({ err, group: this.name, sink: sink.name }, `sink ${sink.name} failed; trying the next sink of the group if any`);
      }
    }
    throw new EventDeliveryError(`sink group ${this.name}: all configured sinks failed${this.backoff ? ' or are backing off' : ''}`);
  }

  private order(): Sink[] {
    const now = Date.now();
    const active = this.sinks.filter((s) => this.state.get(s)!.restoreAt <= now);
    if (this.random) {
      for (let i = active.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [active[i], active[j]] = [active[j]!, active[i]!];
      }
      return active;
    }
    if (active.length === 0) return active;
    if (this.nextHead >= active.length) this.nextHead = 0;
    const begin = this.nextHead;
    this.nextHead = (this.nextHead + 1) % active.length;
    return active.map((_, i) => active[(begin + i) % active.length]!);
  }

  private informFailure(sink: Sink): void {
    if (!this.backoff) return;
    const s = this.state.get(sink)!;
    const now = Date.now();
    const lastBackoff = Math.min(this.maxTimeout, 1000 * 2 ** s.fails);
    if (now - s.lastFail < lastBackoff + CONSIDER_SEQUENTIAL_MS) s.fails = Math.min(s.fails + 1, MAX_SEQUENTIAL_FAILS);
    else s.fails = 1;
    s.lastFail = now;
    s.restoreAt = now + Math.min(this.maxTimeout, 1000 * 2 ** s.fails);
  }
}
