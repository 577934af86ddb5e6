/**
 * One step of a task's chain. A record travels as three arguments, not as an object,
 * so the per-record path allocates nothing; the topic, partition and offset of the
 * record being processed are on the TaskContext.
 */
export interface Processor {
  process(key: unknown, value: unknown, timestamp: number): void;
}

/** An operator that acts when processing time moves: closes windows, emits throttled updates, runs state ticks. */
export interface TimeDriven {
  advanceTo(now: number): void;
  /**
   * The processing time from which advanceTo may emit, or NOTHING_SCHEDULED. The runtime
   * checkpoints before that time passes, so that output emitted on processing time is
   * always recomputed the same way after a crash.
   */
  deadline(): number;
}

/**
 * How a stateful operator hands out results: emit() once per key of a window or tick,
 * then flush() once for the window, so batch shapes (collect, topK) know where a window ends.
 */
export interface ResultEmitter {
  emit(key: unknown, value: unknown, start: number, end: number): void;
  flush(start: number, end: number): void;
}

/** An operator whose scalar progress (watermark, next window end) is saved in each checkpoint marker. */
export interface CheckpointedOperator {
  readonly name: string;
  saveProgress(): Record<string, number>;
  /** Called after its stores are restored; `progress` is undefined when the marker predates this operator. */
  restoreProgress(progress: Readonly<Record<string, number>> | undefined): void;
}

export type ValueFn = (value: unknown, key: unknown) => unknown;
export type Predicate = (value: unknown, key: unknown) => boolean;

export const DISCARD: Processor = { process() {} };

export const NO_EMITTER: ResultEmitter = { emit() {}, flush() {} };

class FanOut implements Processor {
  constructor(private readonly targets: readonly Processor[]) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    for (const target of this.targets) target.process(key, value, timestamp);
  }
}

class EmitterFanOut implements ResultEmitter {
  constructor(private readonly targets: readonly ResultEmitter[]) {}

  emit(key: unknown, value: unknown, start: number, end: number): void {
    for (const target of this.targets) target.emit(key, value, start, end);
  }

  flush(start: number, end: number): void {
    for (const target of this.targets) target.flush(start, end);
  }
}

/** One object to call, whatever the number of children, so operators keep a single monomorphic call site. */
export function combineProcessors(targets: readonly Processor[]): Processor {
  if (targets.length === 0) return DISCARD;
  return targets.length === 1 ? targets[0]! : new FanOut(targets);
}

export function combineEmitters(targets: readonly ResultEmitter[]): ResultEmitter {
  if (targets.length === 0) return NO_EMITTER;
  return targets.length === 1 ? targets[0]! : new EmitterFanOut(targets);
}

/** Sentinels for "no time yet" and "nothing scheduled" that survive JSON, unlike ±Infinity. */
export const NEVER = Number.MIN_SAFE_INTEGER;
export const NOTHING_SCHEDULED = Number.MAX_SAFE_INTEGER;
