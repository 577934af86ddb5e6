import type { Channel } from '../channels/channel.js';
import type { BatchSize, Context } from '../config/context.js';
import { AgentConfigError } from '../errors.js';
import type { FlumeEvent } from '../event.js';
import type { Logger } from '../../log.js';
import { bootstrapBrokers, describe, Producer, type OutgoingMessage } from '../../client/index.js';
import { AvroWriter } from '../avro/binary.js';
import { producerSettings, type KafkaProducerSettings } from './kafka-producer-options.js';
import { takeAndDeliver, type Sink, type Status } from './sink.js';

const HEADER_REF = /%\{([^}]+)\}/g;

/**
 * Flume's `org.apache.flume.sink.kafka.KafkaSink`: each Flume batch is one
 * send, committed only once Kafka acknowledged it (kafka.producer.acks,
 * 1 by default). The `key` header becomes the record key; the `topic` header
 * (topicHeader) overrides kafka.topic unless allowTopicOverride is false;
 * `%{name}` in kafka.topic is replaced by that header's value.
 * The pre-1.7 names brokerList, topic, batchSize and requiredAcks still work,
 * with a warning.
 */
export class KafkaSink implements Sink {
  readonly type = 'org.apache.flume.sink.kafka.KafkaSink';
  readonly batch: BatchSize;
  private readonly bootstrap: string;
  private readonly topic: string;
  private readonly allowTopicOverride: boolean;
  private readonly topicHeader: string;
  private readonly partitionHeader: string | undefined;
  private readonly defaultPartition: number | undefined;
  private readonly flumeEventFormat: boolean;
  private readonly settings: KafkaProducerSettings;
  private producer: Producer | undefined;

  constructor(
    readonly name: string,
    ctx: Context,
    readonly channel: Channel,
    private readonly logger: Logger,
  ) {
    const legacy = (old: string, current: string): string | undefined => {
      const v = ctx.optionalString(old);
      if (v !== undefined) {
        const conflict = ctx.has(current) ? `; ${ctx.key(current)} is also set and wins` : '';
        logger.warn({ sink: name, key: ctx.key(old) }, `${ctx.key(old)} is a deprecated KafkaSink property; use ${ctx.key(current)}${conflict}`);
      }
      return v;
    };
    const brokerList = legacy('brokerList', 'kafka.bootstrap.servers');
    const oldTopic = legacy('topic', 'kafka.topic');
    const oldBatch = legacy('batchSize', 'flumeBatchSize');
    const oldAcks = legacy('requiredAcks', 'kafka.producer.acks');
    this.bootstrap = ctx.optionalString('kafka.bootstrap.servers') ?? brokerList ?? ctx.requiredString('kafka.bootstrap.servers', 'the Kafka sink');
    this.topic = ctx.optionalString('kafka.topic') ?? oldTopic ?? 'default-flume-topic';
    this.batch = ctx.has('flumeBatchSize') || oldBatch === undefined ? ctx.batchSize('flumeBatchSize', 100) : ctx.batchSize('batchSize', 100);
    this.allowTopicOverride = ctx.bool('allowTopicOverride', true);
    this.topicHeader = ctx.string('topicHeader', 'topic');
    this.partitionHeader = ctx.optionalString('partitionIdHeader');
    this.defaultPartition = ctx.has('defaultPartitionId') ? ctx.int('defaultPartitionId', 0, 0) : undefined;
    this.flumeEventFormat = ctx.bool('useFlumeEventFormat', false);
    this.settings = producerSettings(ctx.sub('kafka.producer.'), oldAcks, ctx.key('requiredAcks'));
    for (const k of this.settings.ignored) logger.warn({ sink: name, key: k }, `${k} is ignored: each Flume batch is sent as one request`);
    try {
      bootstrapBrokers(this.bootstrap);
    } catch (err) {
      throw new AgentConfigError(ctx.has('kafka.bootstrap.servers') ? ctx.key('kafka.bootstrap.servers') : ctx.key('brokerList'), (err as Error).message.replace('--bootstrap', 'value'));
    }
  }

  async start(): Promise<void> {
    this.producer = new Producer(this.bootstrap, {
      clientId: this.settings.clientId ?? `flume-${this.name}`,
      acks: this.settings.acks,
      ...(this.settings.timeout !== undefined && { timeoutMs: this.settings.timeout }),
      ...(this.settings.retries !== undefined && { retries: this.settings.retries }),
      ...(this.settings.retryDelay !== undefined && { retryDelayMs: this.settings.retryDelay }),
      ...(this.settings.compression !== undefined && { compression: this.settings.compression }),
    });
    this.logger.info({ sink: this.name, bootstrap: this.bootstrap, topic: this.topic }, `Kafka sink ${this.name} sends to ${this.bootstrap}, topic ${this.topic}`);
  }

  async stop(): Promise<void> {
    await this.producer?.close(true);
    this.producer = undefined;
  }

  process(): Promise<Status> {
    return takeAndDeliver(this.name, this.channel, this.batch.size, async (events) => {
      try {
        await this.producer!.send({ messages: events.map((e) => this.message(e)) });
      } catch (err) {
        throw new Error(`Kafka at ${this.bootstrap} did not take the batch: ${describe(err)}`, { cause: err });
      }
    });
  }

  private message(e: FlumeEvent): OutgoingMessage {
    const override = this.allowTopicOverride ? e.headers[this.topicHeader] : undefined;
    const topic = override ?? this.topic.replace(HEADER_REF, (_m, h: string) => e.headers[h] ?? '');
    const header = this.partitionHeader !== undefined ? e.headers[this.partitionHeader] : undefined;
    const partition = header !== undefined && /^\d+$/.test(header) ? Number(header) : this.defaultPartition;
    // The key header's text is the record key, as Flume sends it: UTF-8 bytes.
    return { topic, partition, key: e.headers.key, value: this.flumeEventFormat ? flumeEventBytes(e) : e.body };
  }
}

/** useFlumeEventFormat: the event as an Avro AvroFlumeEvent, headers included, as Flume writes it. */
function flumeEventBytes(e: FlumeEvent): Buffer {
  return new AvroWriter()
    .map(e.headers, (w, v) => w.string(v))
    .bytes(e.body)
    .toBuffer();
}
