/** `streamdash/client`: the Kafka client streamdash itself uses, with its defaults (text messages, Java-compatible key placement). */
export { createProducer, BatchSender, type BatchSenderOptions, type TextMessage, type TextProducer } from './producer.js';
export { consumeLoop, type ConsumeLoopOptions, type ConsumeSummary, type StopReason, type TextRecord } from './consumer.js';
export { createAdmin, describeTopic, UnknownTopicError, type PartitionDescription, type TopicDescription } from './admin.js';
export { DEFAULT_BOOTSTRAP, bootstrapBrokers } from './bootstrap.js';
export { BootstrapAddressError, SendFailedError, describe } from './errors.js';
