import type { Counter, CounterIncrement, Store } from '../../store/store.js';
import type { OutputRecord } from '../../stream/records.js';
import type { BatchRange, BatchSink } from '../../stream/runtime/batch-sink.js';
import type { TopicPartitionOffset } from '../../stream/task/stream-task.js';

/** The batch sink's name in the topology: a to() target that is the results store, not a topic. */
export const COUNTER_SINK = 'store:counters';

/** What the topology sends to COUNTER_SINK: one click on one counter row. */
export interface CounterClick {
  readonly table: string;
  readonly rowKey: string;
}

/** A counter's new total, as published to the job's output topic. */
export interface CounterUpdate {
  readonly table: string;
  readonly rowKey: string;
  readonly count: number;
}

/**
 * Seed 002's HBase increments, made exact: each task's clicks are summed per row between
 * checkpoints, then applied in one store transaction together with the input range they
 * came from, so a range is applied once however often it is replayed. The new totals are
 * returned for the output topic, keyed `<table>/<rowKey>`.
 */
export class CounterSink implements BatchSink {
  readonly topic = COUNTER_SINK;
  private readonly batches = new Map<string, Map<string, CounterIncrement>>();

  constructor(
    private readonly store: Store,
    /** The store's name for the job, under which its offsets are kept. */
    private readonly job: string,
    private readonly outputTopic: string,
  ) {}

  committedOffsets(): Promise<TopicPartitionOffset[]> {
    return this.store.committedOffsets(this.job);
  }

  add(taskId: string, record: OutputRecord): void {
    const click = JSON.parse(record.value!.toString('utf8')) as CounterClick;
    let batch = this.batches.get(taskId);
    if (batch === undefined) this.batches.set(taskId, (batch = new Map()));
    const key = `${click.table}/${click.rowKey}`;
    const increment = batch.get(key);
    if (increment === undefined) batch.set(key, { table: click.table, rowKey: click.rowKey, amount: 1 });
    else increment.amount++;
  }

  async commit(taskId: string, ranges: readonly BatchRange[]): Promise<OutputRecord[]> {
    const increments = [...(this.batches.get(taskId)?.values() ?? [])];
    const result = await this.store.incrementCounters(increments, { job: this.job, offsets: ranges });
    this.batches.delete(taskId);
    const counters = result.status === 'applied' ? result.counters : await this.current(increments);
    return counters.map((c) => counterRecord(this.outputTopic, c));
  }

  discard(taskId: string): void {
    this.batches.delete(taskId);
  }

  /** A replayed batch changes nothing, but its rows' totals are published again in case the first publication was lost. */
  private async current(increments: readonly CounterIncrement[]): Promise<Counter[]> {
    const out: Counter[] = [];
    for (const { table, rowKey } of increments) {
      const value = await this.store.readCounter(table, rowKey);
      if (value !== undefined) out.push({ table, rowKey, value });
    }
    return out;
  }
}

export function counterRecord(topic: string, c: Counter): OutputRecord {
  const update: CounterUpdate = { table: c.table, rowKey: c.rowKey, count: c.value };
  return { topic, key: Buffer.from(`${c.table}/${c.rowKey}`), value: Buffer.from(JSON.stringify(update)), timestamp: Date.now() };
}
