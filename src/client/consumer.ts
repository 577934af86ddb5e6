import { randomUUID } from 'node:crypto';
import { Consumer, MessagesStreamFallbackModes, MessagesStreamModes, stringDeserializers, type Message as WireMessage } from '@platformatic/kafka';
import { connectOptions } from './bootstrap.js';
import { tpKey, type Message } from './messages.js';
import { fromWire } from './reader.js';

/** What consumeLoop hands over: a text Message. */
export type TextRecord = Message;

export interface ConsumeLoopOptions {
  bootstrap: string;
  topics: string[];
  /** With a group, reading resumes from its committed offsets and commits as it goes; without, a throwaway group that commits nothing. */
  groupId?: string;
  /** Where to start when there is no committed offset: the oldest message instead of only new ones. */
  fromBeginning?: boolean;
  /** Stop after this many messages. */
  maxMessages?: number;
  /** Stop once no message has arrived for this long. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  clientId?: string;
  /** How often a group's progress is committed. */
  commitIntervalMs?: number;
}

export type StopReason = 'max-messages' | 'idle-timeout' | 'aborted' | 'ended';

export interface ConsumeSummary {
  count: number;
  reason: StopReason;
}

/**
 * Reads messages and hands each to `onMessage` until a stop condition holds.
 * Offsets are committed only up to the last message handed over, never for
 * messages fetched but not yet handled, so a later run with the same group
 * starts exactly where this one stopped.
 */
export async function consumeLoop(options: ConsumeLoopOptions, onMessage: (message: TextRecord) => void): Promise<ConsumeSummary> {
  const group = options.groupId;
  const consumer = new Consumer({
    ...connectOptions(options.bootstrap, options.clientId ?? 'streamdash-consumer'),
    groupId: group ?? `streamdash-console-${randomUUID()}`,
    deserializers: stringDeserializers,
    autocommit: false,
    // As Kafka's consumers do by default (allow.auto.create.topics), so a consumer may start before its producer, as the seeds do.
    autocreateTopics: true,
    maxWaitTime: Math.min(500, options.idleTimeoutMs ?? 500),
    // Kafka's own console consumer leaves a group within seconds; the client's minute default would hold up reruns.
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  const start = options.fromBeginning ? MessagesStreamFallbackModes.EARLIEST : MessagesStreamFallbackModes.LATEST;
  let stream: Awaited<ReturnType<typeof consumer.consume>> | undefined;
  try {
    stream = await consumer.consume({
      topics: options.topics,
      mode: group ? MessagesStreamModes.COMMITTED : start,
      fallbackMode: start,
      autocommit: false,
    });
    const active = stream;
    const lastByPartition = new Map<string, WireMessage<string, string, string, string>>();
    const commit = async () => {
      const latest = [...lastByPartition.values()];
      lastByPartition.clear();
      await Promise.all(latest.map((m) => m.commit()));
    };

    let count = 0;
    const summary = await new Promise<ConsumeSummary>((resolve, reject) => {
      let idle: NodeJS.Timeout | undefined;
      let committer: NodeJS.Timeout | undefined;
      const stopListening = () => {
        clearTimeout(idle);
        clearInterval(committer);
        active.pause();
        active.removeAllListeners('data');
        options.signal?.removeEventListener('abort', onAbort);
      };
      const finish = (reason: StopReason) => {
        stopListening();
        resolve({ count, reason });
      };
      const fail = (error: unknown) => {
        stopListening();
        reject(error);
      };
      const onAbort = () => finish('aborted');
      const armIdle = () => {
        if (options.idleTimeoutMs === undefined) return;
        clearTimeout(idle);
        idle = setTimeout(() => finish('idle-timeout'), options.idleTimeoutMs);
      };
      if (options.signal?.aborted) return finish('aborted');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (group) committer = setInterval(() => void commit().catch(fail), options.commitIntervalMs ?? 1000);
      if (options.maxMessages === 0) return finish('max-messages');
      armIdle();
      active.on('data', (message: WireMessage<string, string, string, string>) => {
        count++;
        if (group) lastByPartition.set(tpKey(message.topic, message.partition), message);
        try {
          onMessage(fromWire(message));
        } catch (error) {
          fail(error);
          return;
        }
        if (options.maxMessages !== undefined && count >= options.maxMessages) finish('max-messages');
        else armIdle();
      });
      active.on('error', fail);
      active.once('end', () => finish('ended'));
    });
    if (group) await commit();
    return summary;
  } finally {
    // A failure to close must not hide the error that ended the loop; the consumer's close below still releases the connections.
    await stream?.close().catch(() => undefined);
    await consumer.close(true);
  }
}
