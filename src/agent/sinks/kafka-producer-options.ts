import { COMPRESSIONS, type Acks, type Compression } from '../../client/index.js';
import type { Context } from '../config/context.js';
import { AgentConfigError } from '../errors.js';

export interface KafkaProducerSettings {
  acks: Acks;
  compression?: Compression;
  clientId?: string;
  timeout?: number;
  retries?: number;
  retryDelay?: number;
  /** `kafka.producer.*` keys given but meaningless here (batching is the Flume batch), for a warning. */
  ignored: string[];
}

const IGNORED = new Set(['linger.ms', 'batch.size', 'buffer.memory', 'max.request.size', 'key.serializer', 'value.serializer', 'max.in.flight.requests.per.connection', 'max.block.ms', 'enable.idempotence', 'partitioner.class']);

/** Maps Kafka's Java producer properties (`kafka.producer.*`) onto the client's options. */
export function producerSettings(producer: Context, legacyAcks: string | undefined, legacyAcksKey: string): KafkaProducerSettings {
  const acksKey = producer.has('acks') || legacyAcks === undefined ? producer.key('acks') : legacyAcksKey;
  const acksText = producer.raw('acks') ?? legacyAcks ?? '1';
  const acks = ({ '1': 1, '0': 0, '-1': -1, all: -1 } as Record<string, Acks>)[acksText.toLowerCase()];
  if (acks === undefined) throw new AgentConfigError(acksKey, `"${acksText}" is not one of 0, 1, -1, all`);
  const protocol = producer.string('security.protocol', 'PLAINTEXT');
  if (protocol.toUpperCase() !== 'PLAINTEXT') throw new AgentConfigError(producer.key('security.protocol'), `"${protocol}" is not supported; only PLAINTEXT is`);
  const settings: KafkaProducerSettings = { acks, ignored: [] };
  if (producer.has('compression.type')) settings.compression = producer.oneOf('compression.type', 'none', COMPRESSIONS);
  if (producer.has('client.id')) settings.clientId = producer.string('client.id', '');
  if (producer.has('request.timeout.ms')) settings.timeout = producer.int('request.timeout.ms', 30_000, 1);
  if (producer.has('retries')) settings.retries = producer.int('retries', 3, 0);
  if (producer.has('retry.backoff.ms')) settings.retryDelay = producer.int('retry.backoff.ms', 100, 0);
  for (const k of producer.keysStartingWith('')) {
    if (IGNORED.has(k)) {
      producer.markUsed(k);
      settings.ignored.push(producer.key(k));
    }
  }
  return settings;
}
