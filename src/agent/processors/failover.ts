import type { Context } from '../config/context.js';
import { AgentConfigError, EventDeliveryError } from '../errors.js';
import type { Logger } from '../../log.js';
import type { Sink, Status } from '../sinks/sink.js';
import type { SinkProcessor } from './sink-processor.js';

const FAILURE_PENALTY_MS = 1000;

interface FailedSink {
  sink: Sink;
  priority: number;
  failures: number;
  refresh: number;
}

/**
 * Flume's `failover` processor: the live sink with the highest
 * `processor.priority.<sink>` does the work. One that throws goes to a
 * penalty box for min(maxpenalty, 2^failures s) and the next one takes over;
 * once its penalty is up it is tried again and, if it works, takes back over.
 */
export class FailoverProcessor implements SinkProcessor {
  private live: Array<{ sink: Sink; priority: number }>;
  private failed: FailedSink[] = [];
  private readonly maxPenalty: number;

  constructor(
    readonly name: string,
    ctx: Context,
    readonly sinks: Sink[],
    private readonly logger: Logger,
  ) {
    this.maxPenalty = ctx.int('maxpenalty', 30_000, 0);
    const byPriority = new Map<number, Sink>();
    let nextDefault = 0;
    for (const sink of sinks) {
      const priority = ctx.has(`priority.${sink.name}`) ? ctx.int(`priority.${sink.name}`, 0) : --nextDefault;
      const other = byPriority.get(priority);
      if (other) throw new AgentConfigError(ctx.key(`priority.${sink.name}`), `${priority} is also sink ${other.name}'s priority; failover needs a distinct priority per sink`);
      byPriority.set(priority, sink);
    }
    for (const k of ctx.keysStartingWith('priority.')) {
      if (!sinks.some((s) => `priority.${s.name}` === k)) throw new AgentConfigError(ctx.key(k), `names no sink of this group (${sinks.map((s) => s.name).join(', ')})`);
    }
    this.live = [...byPriority].map(([priority, sink]) => ({ sink, priority })).sort((a, b) => b.priority - a.priority);
  }

  async process(): Promise<Status> {
    const now = Date.now();
    for (const f of this.failed.filter((x) => x.refresh < now).sort((a, b) => a.refresh - b.refresh)) {
      try {
        const status = await f.sink.process();
        if (status === 'READY') {
          this.failed.splice(this.failed.indexOf(f), 1);
          this.live.push({ sink: f.sink, priority: f.priority });
          this.live.sort((a, b) => b.priority - a.priority);
          this.logger.info({ group: this.name, sink: f.sink.name }, `sink ${f.sink.name} recovered and is live again`);
        }
        return status;
      } catch {
        f.failures++;
        f.refresh = Date.now() + this.penalty(f.failures);
      }
    }
    while (this.live.length > 0) {
      const active = this.live[0]!;
      try {
        return await active.sink.process();
      } catch (err) {
        this.live.shift();
        this.failed.push({ ...active, failures: 1, refresh: Date.now() + this.penalty(1) });
        this.logger.warn({ err, group: this.name, sink: active.sink.name, next: this.live[0]?.sink.name }, `sink ${active.sink.name} failed and was sent to the failover list`);
      }
    }
    throw new EventDeliveryError(`sink group ${this.name}: all sinks failed to process, nothing left to fail over to; they are retried once their penalty is up`);
  }

  private penalty(failures: number): number {
    return Math.min(this.maxPenalty, 2 ** failures * FAILURE_PENALTY_MS);
  }
}
