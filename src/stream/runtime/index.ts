export { StreamRuntime } from './stream-runtime.js';
export { METRICS_TOPIC, PROCESSING_GUARANTEES, type OffsetReset, type ProcessingGuarantee, type RuntimeOptions } from './options.js';
export type { RuntimeMetrics } from './job-metrics.js';
export type { BatchRange, BatchSink } from './batch-sink.js';
export { OWNER_HEADER } from './changelog-owner.js';
export * from './errors.js';
export { JobCounters, jobRuntimeOptions, type JobRunOptions, type StreamJob } from './stream-job.js';
export { accepted, DEAD_LETTERED, setAsideRejected, type Accepted, type DeadLetter, type Parsed, type Rejected } from './dead-letters.js';
export { WINDOW_END_HEADER, WINDOW_START_HEADER, windowHeaders } from './window-headers.js';
