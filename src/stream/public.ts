/**
 * `streamdash/stream`: what a job's author needs, and nothing of the runtime's insides. The
 * DSL, windows and serdes come through src/stream/index.ts, the runtime through its own
 * index, so this file names the public surface in one place.
 */
export {
  StreamBuilder,
  KStream,
  KTable,
  TimeWindowedStream,
  SessionWindowedStream,
  WindowedTable,
  StateTable,
  Topology,
  tumbling,
  hopping,
  sliding,
  session,
  JoinWindows,
  toMillis,
  serdes,
  TestDriver,
  StreamError,
  TopologyError,
  InvalidDurationError,
  PartitionCountError,
  NotCoPartitionedError,
  ChangelogFormatError,
  SerdeError,
  UnknownInputError,
  TaskStateError,
} from './index.js';
// Every option of the DSL is public: a job's author passes them all.
export type * from './dsl/options.js';
export type {
  TimeWindows,
  SessionWindows,
  WindowSpecOptions,
  Duration,
  Serde,
  KeyValue,
  OutputRecord,
  RecordContext,
  RecordHeaders,
  SourceRecord,
  Window,
  Windowed,
  DecodedRecord,
  DriverOptions,
  PipeRecord,
} from './index.js';
export {
  StreamRuntime,
  METRICS_TOPIC,
  JobCounters,
  accepted,
  DEAD_LETTERED,
  setAsideRejected,
  windowHeaders,
  WINDOW_START_HEADER,
  WINDOW_END_HEADER,
  RuntimeError,
  InternalTopicMismatchError,
  FetchFailedError,
  InternalRecordsLostError,
  CheckpointFailedError,
  BatchSinkStateError,
  TwoBatchSinksError,
} from './runtime/index.js';
export type {
  OffsetReset,
  RuntimeOptions,
  RuntimeMetrics,
  BatchRange,
  BatchSink,
  StreamJob,
  Accepted,
  DeadLetter,
  Parsed,
  Rejected,
} from './runtime/index.js';
/** For the logger setAsideRejected and the runtime take. */
export { createLogger, silentLogger, type Logger } from '../log.js';
