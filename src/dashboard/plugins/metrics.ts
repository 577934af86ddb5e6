import type { FastifyPluginAsync } from 'fastify';
import type { JobMetricsModel } from '../feeds/job-metrics.js';
import type { TopicFeed } from '../feeds/topic-feed.js';
import type { Hub } from '../hub/hub.js';
import { PrometheusText } from '../metrics/prometheus-text.js';
import { PAGES, type SystemMonitor } from '../system/monitor.js';

/** The runtime's metrics object, field by field: metric name, type, help, and what to divide by for the metric's unit. */
const JOB_FIGURES: ReadonlyArray<readonly [string, string, 'gauge' | 'counter', string, number]> = [
  ['recordsIn', 'streamdash_job_records_in_total', 'counter', 'Records read from the input topics.', 1],
  ['recordsOut', 'streamdash_job_records_out_total', 'counter', 'Records written to the output topics.', 1],
  ['recordsInPerSec', 'streamdash_job_records_in_per_second', 'gauge', 'Input records per second.', 1],
  ['recordsOutPerSec', 'streamdash_job_records_out_per_second', 'gauge', 'Output records per second.', 1],
  ['lag', 'streamdash_job_read_lag', 'gauge', "Records in the input partitions past the job's read position (ahead of its committed offsets between checkpoints).", 1],
  ['lateRecords', 'streamdash_job_late_records_total', 'counter', 'Records that arrived after their window closed.', 1],
  ['skippedRecords', 'streamdash_job_skipped_records_total', 'counter', 'Input records with no value.', 1],
  ['duplicatesDropped', 'streamdash_job_duplicates_dropped_total', 'counter', 'Repartitioned records seen twice after a restart and dropped.', 1],
  ['stateSize', 'streamdash_job_state_entries', 'gauge', 'Live entries in the state stores.', 1],
  ['checkpointMs', 'streamdash_job_checkpoint_duration_seconds', 'gauge', 'Duration of the last checkpoint (the longest over instances).', 1000],
  ['backpressureMs', 'streamdash_job_backpressure_seconds_total', 'counter', 'Time fetching waited for slow output.', 1000],
];

export interface MetricsSources {
  hub: Hub;
  feeds: readonly TopicFeed[];
  /** The `--page` pages: their samples name the page, as two pages may read one topic. */
  topicPages: readonly { name: string; room: string; feed: TopicFeed }[];
  monitor: SystemMonitor;
  jobs: JobMetricsModel;
}

/** `/metrics`: the dashboard's own figures, the broker's offsets and lag as /system shows them, and the jobs' reports. */
export const metrics: FastifyPluginAsync<MetricsSources> = async (app, { hub, feeds, topicPages, monitor, jobs }) => {
  app.get('/metrics', async (_request, reply) => {
    const now = Date.now();
    const memory = process.memoryUsage();
    let stalled = 0;
    let queued = 0;
    for (const link of hub.clients) {
      if (!link.writable) stalled++;
      queued += link.queuedBytes;
    }
    const text = new PrometheusText()
      .add('process_resident_memory_bytes', 'gauge', 'Resident memory of the dashboard process.', memory.rss)
      .add('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use.', memory.heapUsed)
      .add('nodejs_external_memory_bytes', 'gauge', 'Memory of buffers and other objects outside the V8 heap.', memory.external)
      .add('streamdash_dashboard_clients', 'gauge', 'Socket.IO clients per page.', [...PAGES, ...topicPages.map((p) => p.room)].map((p) => [{ page: p }, hub.roomSize(p)] as const))
      .add('streamdash_dashboard_seed_clients', 'gauge', "Clients of the seeds' Flask page protocol (test_connect).", hub.roomSize('seeds'))
      .add('streamdash_dashboard_pushes_total', 'counter', 'Messages pushed, once per receiving client.', hub.figures.pushes)
      .add(
        'streamdash_dashboard_deferred_total',
        'counter',
        'Updates held back from a client that had not taken the previous one; it gets the latest state when it can.',
        hub.figures.deferred,
      )
      .add('streamdash_dashboard_busy_clients', 'gauge', 'Clients with a message still on its way.', stalled)
      .add('streamdash_dashboard_queued_bytes', 'gauge', "Bytes waiting to go to clients: engine.io's queues and the websockets' buffers.", queued)
      .add('streamdash_dashboard_broker_up', 'gauge', '1 when the last round of broker requests succeeded.', monitor.brokerUp ? 1 : 0)
      .add('streamdash_dashboard_feed_records_total', 'counter', 'Records read per result topic.', feeds.map((f) => [{ topic: f.topic }, f.records] as const))
      .add(
        'streamdash_dashboard_feed_live',
        'gauge',
        '1 while the topic is being read; 0 while waiting for the topic or the broker.',
        feeds.map((f) => [{ topic: f.topic }, f.state === 'live' ? 1 : 0] as const),
      )
      .add('streamdash_dashboard_page_records_total', 'counter', 'Records read per --page page.', topicPages.map((p) => [{ page: p.name, topic: p.feed.topic }, p.feed.records] as const))
      .add(
        'streamdash_topic_end_offset',
        'gauge',
        'End offset per topic partition, as last read from the broker.',
        monitor.cluster.topics.flatMap((t) => t.partitions.map((p) => [{ topic: t.name, partition: String(p.partition) }, p.endOffset] as const)),
      )
      .add(
        'streamdash_consumer_group_lag',
        'gauge',
        'Records between a group\'s committed offsets and the end offsets, per topic.',
        monitor.cluster.groups.flatMap((g) => g.topics.map((t) => [{ group: g.id, topic: t.topic }, t.lag] as const)),
      );
    const reports = jobs.list(now, monitor);
    for (const [field, name, type, help, divisor] of JOB_FIGURES) {
      const samples = reports.flatMap((j) => (j.figures[field] === undefined ? [] : [[{ job: j.job }, j.figures[field]! / divisor] as const]));
      text.add(name, type, help, samples);
    }
    text
      .add(
        'streamdash_job_counter_total',
        'counter',
        "The job's own counters (lines dead-lettered, empty values dropped, …).",
        reports.flatMap((j) => Object.entries(j.counters).map(([counter, v]) => [{ job: j.job, counter }, v] as const)),
      )
      .add(
        'streamdash_job_lag',
        'gauge',
        "Records in the job's input partitions past the offsets it committed (at each checkpoint), as kafka-consumer-groups.sh computes it; absent until it commits.",
        reports.flatMap((j) => (j.committedLag === null ? [] : [[{ job: j.job }, j.committedLag] as const])),
      )
      .add(
        'streamdash_job_checkpoint_age_seconds',
        'gauge',
        "Time since the job's changelog last grew (its last checkpoint), to within the broker poll interval; absent until one is seen.",
        reports.flatMap((j) => (j.checkpointAgeMs === null ? [] : [[{ job: j.job }, j.checkpointAgeMs / 1000] as const])),
      )
      .add('streamdash_job_instances', 'gauge', 'Instances of the job that reported in the last 15 s.', reports.map((j) => [{ job: j.job }, j.instances] as const))
      .add('streamdash_job_report_age_seconds', 'gauge', 'Time since the job last reported.', reports.map((j) => [{ job: j.job }, j.reportAgeMs / 1000] as const));
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text.toString());
  });
};
