/**
 * The one door to Kafka. Everything outside src/client reaches a broker through what
 * this file exports; nothing here names the client library underneath, so it can be
 * changed (or a protocol version it lacks added) in this folder alone.
 */
export { Admin, createAdmin, GroupDescribeError, type ConfigEntry, type GroupDescription, type GroupListing, type GroupMember, type NewTopic, type PartitionDescription, type PartitionLag, type TopicDescription } from './admin.js';
export { BatchSender, type BatchSenderOptions } from './batch-sender.js';
export { bootstrapBrokers, DEFAULT_BOOTSTRAP } from './bootstrap.js';
export { consumeLoop, type ConsumeLoopOptions, type ConsumeSummary, type StopReason, type TextRecord } from './consumer.js';
export {
  BootstrapAddressError,
  describe,
  FetchError,
  FetchFailedError,
  OffsetOutOfRangeError,
  PartitionUnavailableError,
  SendFailedError,
  TransactionFailedError,
  UnknownTopicError,
} from './errors.js';
export { Fetcher, type FetchedBatch, type FetchedPartition, type FetchedRecord, type FetcherOptions, type IsolationLevel } from './fetcher.js';
export { GroupSession, type Assignment, type Assignor, type GroupSessionOptions, type TopicPartitions } from './group.js';
export { tpKey, type Message, type OffsetQuery, type OffsetSpec, type OutgoingMessage, type TextMessage, type TopicPartition, type TopicPartitionOffset } from './messages.js';
export { defaultPartitioner, murmur2, partitionForKey } from './partitioner.js';
export { COMPRESSIONS, createProducer, Producer, type Acks, type Compression, type ProducerOptions, type TextProducer } from './producer.js';
export { TopicReader, type TopicReaderOptions } from './reader.js';
