import { TopologyError } from '../../errors.js';
import { CollectEmitter, KeyEmitter, TopKEmitter, WindowedKeyEmitter } from '../../processors/emitters.js';
import type { Processor, ResultEmitter } from '../../processors/processor.js';
import type { KeyValue, StateKey, Window, Windowed } from '../../records.js';
import type { GraphNode } from '../../topology/graph.js';
import type { KStream, ResultTable, StateTable, WindowedTable } from '../kstream.js';
import { erase } from './erase.js';
import type { DslScope } from './scope.js';

abstract class ResultTableImpl<K extends StateKey, R> implements ResultTable<K, R> {
  /** @internal Created by stateful operators. */
  constructor(
    protected readonly scope: DslScope,
    protected readonly node: GraphNode,
  ) {}

  protected emitTo<K2, V2>(kind: string, create: (next: Processor) => ResultEmitter): KStream<K2, V2> {
    const node = this.scope.graph.add(kind, { type: 'emitter', create }, [this.node]);
    return this.scope.stream<K2, V2>(node, false);
  }

  collect(): KStream<Window, KeyValue<K, R>[]> {
    this.scope.graph.requireSingleTask(this.node, 'collect()');
    return this.emitTo('collect', (next) => new CollectEmitter(next));
  }

  topK(this: ResultTable<K, number>, n: number): KStream<Window, KeyValue<K, number>[]>;
  topK(n: number, score: (result: R, key: K) => number): KStream<Window, KeyValue<K, R>[]>;
  topK<T>(n: number, score?: (result: T, key: K) => number): KStream<Window, KeyValue<K, T>[]> {
    if (!Number.isInteger(n) || n < 1) throw new TopologyError(`topK(n) needs a whole number n of at least 1, got ${n}`);
    this.scope.graph.requireSingleTask(this.node, 'topK()');
    const scoreOf = score === undefined ? (result: unknown) => result as number : erase(score);
    return this.emitTo('top-k', (next) => new TopKEmitter(n, scoreOf, next));
  }
}

export class WindowedTableImpl<K extends StateKey, R> extends ResultTableImpl<K, R> implements WindowedTable<K, R> {
  toStream(): KStream<Windowed<K>, R> {
    return this.emitTo('to-stream', (next) => new WindowedKeyEmitter(next));
  }
}

export class StateTableImpl<K extends StateKey, S> extends ResultTableImpl<K, S> implements StateTable<K, S> {
  toStream(): KStream<K, S> {
    return this.emitTo('to-stream', (next) => new KeyEmitter(next));
  }
}
