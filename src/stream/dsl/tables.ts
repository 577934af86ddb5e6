import { TopologyError } from '../errors.js';
import { CollectEmitter, KeyEmitter, TopKEmitter, WindowedKeyEmitter } from '../processors/emitters.js';
import type { Processor, ResultEmitter } from '../processors/processor.js';
import type { KeyValue, StateKey, Window, Windowed } from '../records.js';
import type { GraphBuilder, GraphNode } from '../topology/graph.js';
import { erase } from './erase.js';
import { KStream } from './kstream.js';

/** Results of a stateful operator, per key and window (or tick); turn them into a stream to use them. */
abstract class ResultTable<K extends StateKey, R> {
  /** @internal Created by stateful operators. */
  constructor(
    protected readonly graph: GraphBuilder,
    protected readonly node: GraphNode,
  ) {}

  protected emitTo<K2, V2>(kind: string, create: (next: Processor) => ResultEmitter): KStream<K2, V2> {
    const node = this.graph.add(kind, { type: 'emitter', create }, [this.node]);
    return new KStream<K2, V2>(this.graph, node, false);
  }

  /**
   * One record per window (or tick) holding every key's result, sorted by key, keyed
   * by the window: what the seeds send with `write(rdd.collect)`. Gathering all keys
   * needs them in one task, so the operator runs on a one-partition repartition topic.
   */
  collect(): KStream<Window, KeyValue<K, R>[]> {
    this.graph.requireSingleTask(this.node, 'collect()');
    return this.emitTo('collect', (next) => new CollectEmitter(next));
  }

  /**
   * The n results with the highest score per window (or tick), best first, equal scores
   * in key order. Like collect(), the operator runs in a single task.
   */
  topK(this: ResultTable<K, number>, n: number): KStream<Window, KeyValue<K, number>[]>;
  topK(n: number, score: (result: R, key: K) => number): KStream<Window, KeyValue<K, R>[]>;
  topK<T>(n: number, score?: (result: T, key: K) => number): KStream<Window, KeyValue<K, T>[]> {
    if (!Number.isInteger(n) || n < 1) throw new TopologyError(`topK(n) needs a whole number n of at least 1, got ${n}`);
    this.graph.requireSingleTask(this.node, 'topK()');
    const scoreOf = score === undefined ? (result: unknown) => result as number : erase(score);
    return this.emitTo('top-k', (next) => new TopKEmitter(n, scoreOf, next));
  }
}

/** Windowed results: each emitted result is keyed by its key and window. */
export class WindowedTable<K extends StateKey, R> extends ResultTable<K, R> {
  toStream(): KStream<Windowed<K>, R> {
    return this.emitTo('to-stream', (next) => new WindowedKeyEmitter(next));
  }
}

/** Keyed state from updateStateByKey: every key's state is emitted after each tick. */
export class StateTable<K extends StateKey, S> extends ResultTable<K, S> {
  toStream(): KStream<K, S> {
    return this.emitTo('to-stream', (next) => new KeyEmitter(next));
  }
}
