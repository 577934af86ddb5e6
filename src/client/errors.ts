import { ErrorCode, errorName } from '../protocol/error-codes.js';

/** A --bootstrap value that is not host:port[,host:port…]. */
export class BootstrapAddressError extends Error {
  constructor(value: string) {
    super(`--bootstrap "${value}" is not host:port (e.g. 127.0.0.1:9092); separate several brokers with commas`);
    this.name = 'BootstrapAddressError';
  }
}

/** A produce request the broker refused or never answered; `cause` holds the client's error. */
export class SendFailedError extends Error {
  constructor(
    readonly topic: string,
    readonly messages: number,
    cause: unknown,
  ) {
    super(
      `sending ${messages} message(s) to topic "${topic}" failed: ${describe(cause)}; check that the broker at --bootstrap is up and the topic exists (or auto-creation is on), then run again`,
      { cause },
    );
    this.name = 'SendFailedError';
  }
}

/** A transaction the producer could not commit; its writes are aborted, so a restart redoes them. */
export class TransactionFailedError extends Error {
  constructor(
    readonly step: 'commit' | 'abort',
    cause: unknown,
  ) {
    super(
      `${step === 'commit' ? 'committing' : 'aborting'} the transaction failed: ${describe(cause)}; its writes will be aborted and redone by the task's next owner. If another instance now has the transactional id (fenced), this one must stop; else check the broker at --bootstrap and run again`,
      { cause },
    );
    this.name = 'TransactionFailedError';
  }
}

export class UnknownTopicError extends Error {
  constructor(readonly topic: string) {
    super(`topic "${topic}" does not exist; list the topics with \`streamdash topics list\` or create it with \`streamdash topics create ${topic}\``);
    this.name = 'UnknownTopicError';
  }
}

/** The client's error text, with the nested causes (@platformatic/kafka wraps the broker's error in `errors`). */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const nested = (error as { errors?: unknown[] }).errors;
  const inner = Array.isArray(nested) && nested.length > 0 ? ` (${nested.map(describe).join('; ')})` : '';
  const cause = error.cause !== undefined && !inner ? ` (${describe(error.cause)})` : '';
  // The broker's own words say more than the client's name for the code (Kafka's and ours name the key or the limit).
  const server = (error as { serverErrorMessage?: unknown }).serverErrorMessage;
  const message = typeof server === 'string' && server !== '' ? server : error.message;
  return `${message}${inner}${cause}`;
}

/**
 * @platformatic/kafka reports UNKNOWN_TOPIC_OR_PARTITION on metadata as a plain
 * UserError; its message is all that tells it apart. Turns it into UnknownTopicError.
 */
export function unknownTopicOr(error: unknown, topic: string): unknown {
  return error instanceof Error && error.message === `Unknown topic ${topic}.` ? new UnknownTopicError(topic) : error;
}

/** A partition a fetch could not read; the subclass says what to do. */
export abstract class FetchError extends Error {
  constructor(
    readonly topic: string,
    readonly partition: number,
    /** The broker's error code. */
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The position is outside what the partition holds: the records were deleted (retention,
 * or the topic recreated) or never written. Resume from `logStartOffset` or `highWatermark`.
 */
export class OffsetOutOfRangeError extends FetchError {
  constructor(
    topic: string,
    partition: number,
    readonly offset: number,
    readonly logStartOffset: number,
    readonly highWatermark: number,
  ) {
    super(
      topic,
      partition,
      ErrorCode.OFFSET_OUT_OF_RANGE,
      `offset ${offset} of ${topic}/${partition} is outside the records it holds [${logStartOffset}, ${highWatermark}): they were deleted or never written; resume from one end`,
    );
  }
}

/** The partition has no leader here at the moment (it moved, or the topic is being created); fetch again. */
export class PartitionUnavailableError extends FetchError {
  constructor(topic: string, partition: number, code: number) {
    super(topic, partition, code, `${topic}/${partition} is not readable at the moment (${errorName(code)}); the next fetch retries`);
  }
}

/** The broker refused to serve the partition, and asking again will not change that. */
export class FetchFailedError extends FetchError {
  constructor(topic: string, partition: number, code: number, what = 'the broker refused it; check the topic exists and the broker log') {
    super(topic, partition, code, `fetching ${topic}/${partition} failed with ${errorName(code)}: ${what}`);
  }
}
