import type { GroupSession } from '../../client/index.js';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../../log.js';
import type { ChangelogRecord } from '../records.js';
import { CheckpointFailedError } from './errors.js';
import type { Output } from './output.js';
import { offsetsKey, type RunningTask } from './running-task.js';

/** Writes the tasks' checkpoints, in the order that keeps the last complete one consistent whatever a crash interrupts. */
export class Checkpoints {
  /** Under exactly-once, the offsets of the last commit: an idle job does not commit the same ones again every interval. */
  #committedOffsets = '';

  constructor(
    private readonly output: Output,
    private readonly session: GroupSession,
    private readonly logger: Logger,
    /** exactly_once_v2: the offsets commit in the output's transaction, with everything written since the last checkpoint. */
    private readonly exactlyOnce: boolean,
    /** The generation of the assignment the running tasks belong to. */
    private readonly runningGeneration: () => number,
  ) {}

  /**
   * Flushes the output, applies the batch sinks' batches, appends each task's changed
   * state and positions to its changelog, then commits the offsets. Under exactly-once the
   * last step commits the transaction holding all of it, offsets included. Returns its duration, ms.
   */
  async all(tasks: readonly RunningTask[]): Promise<number> {
    const output = this.output;
    const started = performance.now();
    const captured = tasks.map((rt) => ({ rt, cp: rt.task.checkpoint() }));
    await step('flushing the output', () => output.flush());
    let published = 0;
    for (const { rt, cp } of captured) {
      const sink = rt.sink.batchSink;
      const ranges = cp.offsets.map((o) => ({ ...o, from: rt.sinkFrom.get(o.topic) ?? o.offset }));
      if (sink === undefined || !ranges.some((r) => r.offset !== r.from)) continue;
      const records = await step(`writing batch sink ${sink.topic}`, () => sink.commit(rt.name, ranges));
      for (const record of records) output.send(record);
      published += records.length;
      for (const r of ranges) rt.sinkFrom.set(r.topic, r.offset);
    }
    if (published > 0) await step('publishing what the batch sinks returned', () => output.flush());
    for (const { rt, cp } of captured) {
      const offsets = offsetsKey(cp.offsets);
      // An idle task's checkpoint would repeat the last one: a marker with the same positions.
      if (cp.changelog.length === 1 && offsets === rt.lastOffsets) continue;
      await this.append(rt, cp.changelog, offsets);
    }
    const offsets = captured.flatMap(({ cp }) => cp.offsets);
    if (this.exactlyOnce) {
      // A rebalance under way, or joined to a newer generation whose assignment is not applied yet: another instance may
      // already have restored these tasks from their last commit, so this work must not commit. The new assignment aborts it.
      if (this.session.rebalancing || this.session.generation !== this.runningGeneration()) return this.logSkipped(started);
      const key = offsetsKey(offsets);
      if (output.inTransaction || key !== this.#committedOffsets) await step('committing the transaction', () => output.commit(offsets, this.session));
      this.#committedOffsets = key;
    } else if (offsets.length > 0) {
      // The changelog already holds these positions; committed offsets only matter for tasks without one, which then replay.
      await this.session.commit(offsets).catch((error: unknown) => this.logger.warn({ err: error }, 'committing offsets failed; tasks without a changelog will replay from their previous commit'));
    }
    const ms = performance.now() - started;
    this.logger.debug({ ms: Math.round(ms), tasks: captured.length }, 'checkpoint');
    return ms;
  }

  private logSkipped(started: number): number {
    this.logger.info({ generation: this.session.generation, running: this.runningGeneration() }, 'a rebalance is under way: the transaction is left for the new assignment to abort');
    return performance.now() - started;
  }

  /**
   * Checkpoints the tasks about to emit on processing time that took records since their
   * last checkpoint. A restart then finds every window or tick emitted since that checkpoint
   * still scheduled, and emits it again from the same state: the same result under the same
   * key, replacing the first. Without it, the records would be replayed into a later window
   * while the earlier one kept them too.
   */
  async beforeFiring(tasks: readonly RunningTask[], now: number): Promise<void> {
    // Under exactly-once what fires is in the open transaction: a crash aborts it with the state it came from.
    if (this.exactlyOnce) return;
    const due = tasks.filter((rt) => rt.unsavedRecords > 0 && rt.task.changelogTopic !== undefined && now >= rt.task.nextDeadline());
    if (due.length === 0) return;
    await step('flushing the output', () => this.output.flush());
    for (const rt of due) {
      const cp = rt.task.checkpoint();
      await this.append(rt, cp.changelog, offsetsKey(cp.offsets));
    }
  }

  private async append(rt: RunningTask, changelog: readonly ChangelogRecord[], offsets: string): Promise<void> {
    const topic = rt.task.changelogTopic;
    if (topic === undefined) return;
    await step(`appending to ${topic}`, () => this.output.appendChangelog(topic, rt.partition, changelog, rt.owner));
    rt.lastOffsets = offsets;
    rt.unsavedRecords = 0;
  }
}

async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new CheckpointFailedError(what, error);
  }
}
