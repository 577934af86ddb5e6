import { TopologyError } from '../../errors.js';
import type { Processor } from '../../processors/processor.js';
import type { ValueGetterFactory } from '../../processors/value-getter.js';
import { StreamStreamJoin, type JoinStores } from '../../processors/stream-stream-join.js';
import { StreamTableJoinProcessor, type Joiner } from '../../processors/table-join.js';
import { serdes, type Serde } from '../../serde.js';
import { JoinWindowStore } from '../../state/join-window-store.js';
import type { TaskContext } from '../../task/task-context.js';
import { linkStoreReader, type GraphNode, type StoreSpec, type Wiring } from '../../topology/graph.js';
import type { JoinWindows } from '../../windows.js';
import type { Joined, StreamJoined } from '../options.js';
import type { StreamEnd } from './scope.js';

/** What a join needs of a table: where it is in the graph and how a task reads its rows. */
export interface TableEnd extends Omit<StreamEnd, 'keyChanged'> {
  readonly valueGetter: ValueGetterFactory;
}

/**
 * Stream–table join (`<name>`, default `stream-table-join-<n>`): the join reads the table's rows
 * in the stream's task, so the stream, when its key changed, goes through `<name>-repartition`
 * first, which planning sizes like the table's topic.
 */
export function joinTable(stream: StreamEnd, table: TableEnd, joiner: Joiner, left: boolean, options: Joined<unknown, unknown>): GraphNode {
  const graph = stream.scope.graph;
  if (table.scope.graph !== graph) throw new TopologyError('a stream–table join joins a stream and a table of one StreamBuilder; build both from the same builder');
  const name = graph.nameFor('stream-table-join', options.name);
  const node = graph.add(
    'stream-table-join',
    { type: 'stateful', stores: [], create: (w) => new StreamTableJoinProcessor(table.valueGetter(w.ctx), joiner, left, w.output(0)) },
    [stream.node],
    { name },
  );
  node.inputSerdes = { key: options.keySerde ?? serdes.json(), value: options.valueSerde ?? serdes.json() };
  if (stream.keyChanged) graph.insertRepartition(node, undefined);
  linkStoreReader(table.node, node);
  return node;
}

export type StreamJoinType = 'inner' | 'left' | 'outer';

/**
 * Stream–stream join (`<name>`, default `stream-join-<n>`): each side enters through its own
 * node (`<name>-left`, `<name>-right`; behind `<name>-left-repartition` / `<name>-right-repartition`
 * when its key changed), and both nodes drive one StreamStreamJoin per task. Its stores are
 * `<name>-left-store` and `<name>-right-store`, plus `<name>-left-unmatched` / `<name>-right-unmatched`
 * for the sides a left or outer join emits alone.
 */
export function joinStreams(
  left: StreamEnd,
  right: StreamEnd,
  joiner: Joiner,
  windows: JoinWindows | undefined,
  type: StreamJoinType,
  options: StreamJoined<unknown, unknown, unknown>,
): GraphNode {
  const graph = left.scope.graph;
  if (right.scope.graph !== graph) throw new TopologyError('a stream–stream join joins streams of one StreamBuilder; build both from the same builder');
  if (windows?.kind !== 'join') {
    throw new TopologyError('a stream–stream join needs JoinWindows: pass JoinWindows.ofTimeDifferenceAndGrace(...) or ofTimeDifferenceWithNoGrace(...)');
  }
  const name = graph.nameFor('stream-join', options.name);
  const keySerde = options.keySerde ?? serdes.json();
  const leftSerde = options.valueSerde ?? serdes.json();
  const rightSerde = options.otherValueSerde ?? serdes.json();
  const unmatchedLeft = type !== 'inner';
  const unmatchedRight = type === 'outer';
  const storeSpecs: StoreSpec[] = [
    { name: `${name}-left-store`, kind: 'window' },
    { name: `${name}-right-store`, kind: 'window' },
    ...(unmatchedLeft ? [{ name: `${name}-left-unmatched`, kind: 'window' } as const] : []),
    ...(unmatchedRight ? [{ name: `${name}-right-unmatched`, kind: 'window' } as const] : []),
  ];
  const perTask = new WeakMap<TaskContext, StreamStreamJoin>();
  const joinOf = (w: Wiring): StreamStreamJoin => {
    let join = perTask.get(w.ctx);
    if (join === undefined) {
      const store = (suffix: string, valueSerde: Serde<unknown>): JoinWindowStore<unknown, unknown> =>
        w.ctx.addStore(new JoinWindowStore(`${name}-${suffix}`, keySerde, valueSerde));
      const stores: JoinStores = {
        left: store('left-store', leftSerde),
        right: store('right-store', rightSerde),
        leftUnmatched: unmatchedLeft ? store('left-unmatched', leftSerde) : undefined,
        rightUnmatched: unmatchedRight ? store('right-unmatched', rightSerde) : undefined,
      };
      join = new StreamStreamJoin({ name, difference: windows.difference, grace: windows.grace, joiner }, w.ctx, stores, w.output(0));
      w.ctx.addOperator(join);
      perTask.set(w.ctx, join);
    }
    return join;
  };
  const side = (end: StreamEnd, which: 'left' | 'right', stores: readonly StoreSpec[], valueSerde: Serde<unknown>, pick: (join: StreamStreamJoin) => Processor): GraphNode => {
    const node = graph.add(`stream-join-${which}`, { type: 'stateful', stores, create: (w) => pick(joinOf(w)) }, [end.node], { name: `${name}-${which}` });
    node.inputSerdes = { key: keySerde, value: valueSerde };
    if (end.keyChanged) graph.insertRepartition(node, undefined);
    return node;
  };
  const leftNode = side(left, 'left', storeSpecs, leftSerde, (join) => join.leftSide);
  const rightNode = side(right, 'right', [], rightSerde, (join) => join.rightSide);
  return graph.add('stream-stream-join', { type: 'pass' }, [leftNode, rightNode], { name });
}
