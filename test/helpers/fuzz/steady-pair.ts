import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';

/**
 * A well-behaved producer and consumer beside the fuzzer: the producer sends
 * numbered records with acks=all as fast as they are acknowledged, the consumer
 * (its own group) reads them. At the end every acknowledged record must have been read.
 */
export class SteadyPair {
  private producer: Producer;
  private consumer: Consumer;
  private running = true;
  private producing: Promise<void> = Promise.resolve();
  readonly acked = new Set<string>();
  readonly read = new Set<string>();
  /** Sends that failed: a record the broker refused is not counted as acknowledged. */
  failedSends = 0;

  constructor(
    bootstrap: string,
    private readonly topic: string,
  ) {
    const kafka = new Kafka({ brokers: [bootstrap], clientId: 'steady', logLevel: logLevel.NOTHING });
    this.producer = kafka.producer({ allowAutoTopicCreation: true });
    this.consumer = kafka.consumer({ groupId: `${topic}-reader` });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.producer.send({ topic: this.topic, acks: -1, messages: [{ value: 'first' }] });
    this.acked.add('first');
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        this.read.add(message.value?.toString() ?? '');
      },
    });
    let n = 0;
    this.producing = (async () => {
      while (this.running) {
        const value = `s${n++}`;
        try {
          await this.producer.send({ topic: this.topic, acks: -1, messages: [{ value }] });
          this.acked.add(value);
        } catch {
          this.failedSends++;
        }
        // Steady, not flat out: the fuzzer is what should load the broker.
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
  }

  /** Stops producing, then waits up to `timeoutMs` for the consumer to have read every acknowledged record; returns those it never read. */
  async finish(timeoutMs = 30_000): Promise<string[]> {
    this.running = false;
    await this.producing;
    const until = Date.now() + timeoutMs;
    const missing = () => [...this.acked].filter((v) => !this.read.has(v));
    while (missing().length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    await this.producer.disconnect();
    await this.consumer.disconnect();
    return missing();
  }
}
