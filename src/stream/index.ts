export { StreamBuilder } from './dsl/stream-builder.js';
export type { KStream, KTable, TimeWindowedStream, SessionWindowedStream, ResultTable, WindowedTable, StateTable } from './dsl/kstream.js';
export type * from './dsl/options.js';
export { tumbling, hopping, sliding, session, JoinWindows, type TimeWindows, type SessionWindows, type WindowSpecOptions } from './windows.js';
export { toMillis, type Duration } from './duration.js';
export { serdes, type Serde } from './serde.js';
export type {
  ChangelogRecord,
  KeyValue,
  OutputRecord,
  RecordContext,
  RecordHeaders,
  RecordSink,
  SourceRecord,
  StateKey,
  Window,
  Windowed,
} from './records.js';
export { Topology, type Subtopology } from './topology/topology.js';
export { Plan, type InternalTopic, type PlanOptions, type PlannedSubtopology } from './topology/plan.js';
export { StreamTask, type TaskCheckpoint, type TopicPartitionOffset } from './task/stream-task.js';
export { createTask, type TaskOptions } from './task/create-task.js';
export { taskName, type TaskId } from './task/task-id.js';
export { Rate, sumMetrics, type JobMetrics, type MetricsSnapshot } from './task/metrics.js';
export type { StateStore, StoreChange, StoreKind } from './state/state-store.js';
export type { KeyValueStore } from './state/key-value-store.js';
export type { WindowStore } from './state/window-store.js';
export type { SessionStore, Session } from './state/session-store.js';
export { CHANGELOG_FORMAT_VERSION, decodeChangelogRecord, type CheckpointMarker } from './state/changelog-format.js';
export { POSITION_HEADER } from './processors/position-header.js';
export { TestDriver, type DecodedRecord, type DriverOptions, type PipeRecord } from './testing/test-driver.js';
export * from './errors.js';
