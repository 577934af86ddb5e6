import { partitionForKey } from '../../client/partitioner.js';
import type { Serde } from '../serde.js';
import type { TaskContext } from '../task/task-context.js';
import type { HeaderFn } from '../topology/graph.js';
import { POSITION_HEADER, encodePosition } from './position-header.js';
import type { Processor } from './processor.js';

/** Writes to a user topic; the producer picks the partition. */
export class SinkProcessor implements Processor {
  constructor(
    private readonly ctx: TaskContext,
    private readonly topic: string,
    private readonly keySerde: Serde<unknown>,
    private readonly valueSerde: Serde<unknown>,
    private readonly headers: HeaderFn | undefined,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    this.ctx.sink.send({
      topic: this.topic,
      key: key === null || key === undefined ? null : this.keySerde.serialize(key),
      value: value === null || value === undefined ? null : this.valueSerde.serialize(value),
      timestamp,
      ...(this.headers !== undefined && { headers: headerMap(this.headers(value, key)) }),
    });
    this.ctx.metrics.recordsOut++;
  }
}

function headerMap(headers: Readonly<Record<string, string>>): Map<string, Buffer> {
  const map = new Map<string, Buffer>();
  for (const [name, text] of Object.entries(headers)) map.set(name, Buffer.from(text, 'utf8'));
  return map;
}

/** Writes to an internal repartition topic, partitioned by key hash and stamped with this task's sequence. */
export class RepartitionSinkProcessor implements Processor {
  private partitions = 0;

  constructor(
    private readonly ctx: TaskContext,
    private readonly topic: string,
    private readonly keySerde: Serde<unknown>,
    private readonly valueSerde: Serde<unknown>,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    if (this.partitions === 0) this.partitions = this.ctx.partitionsOf(this.topic);
    const keyBytes = key === null || key === undefined ? null : this.keySerde.serialize(key);
    this.ctx.sink.send({
      topic: this.topic,
      partition: keyBytes === null ? 0 : partitionForKey(keyBytes, this.partitions),
      key: keyBytes,
      value: value === null || value === undefined ? null : this.valueSerde.serialize(value),
      timestamp,
      headers: new Map([[POSITION_HEADER, encodePosition(this.ctx.partition, ++this.ctx.sequence)]]),
    });
  }
}
