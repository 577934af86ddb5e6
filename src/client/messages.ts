/**
 * The plain message types of the door to Kafka. Nothing here names the client library:
 * stream, agent, dashboard and apps see only these.
 */

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: number;
}

/** The one spelling of a partition as a map key: `topic/partition`. */
export const tpKey = (topic: string, partition: number): string => `${topic}/${partition}`;

/** A record to send. Strings are sent as UTF-8; a missing partition is chosen by Kafka's default partitioner. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly partition?: number;
  readonly key?: string | Buffer | null;
  readonly value?: string | Buffer | null;
  readonly headers?: ReadonlyMap<string, string | Buffer> | Readonly<Record<string, string | Buffer>>;
  /** Epoch ms; default: when it is sent. */
  readonly timestamp?: number;
}

/** A text message to send (what the CLI, generators and apps produce). */
export interface TextMessage extends OutgoingMessage {
  readonly key?: string;
  readonly value?: string;
}

/** A message read, as text: a record's key, value and header values decoded as UTF-8 (null where the record has none). */
export interface Message {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: ReadonlyMap<string, string>;
  /** Epoch ms. */
  readonly timestamp: number;
}

/** Where a read starts in a partition it has no position for, as Kafka's auto.offset.reset. */
export type OffsetSpec = 'earliest' | 'latest';

/** Where a ListOffsets looks: either end, or the first record at or after a time (epoch ms). */
export type OffsetQuery = OffsetSpec | { readonly atTime: number };
