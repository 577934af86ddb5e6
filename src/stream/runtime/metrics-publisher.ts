import { createProducer, type TextProducer } from '../../client/index.js';
import type { Logger } from '../../log.js';
import type { RuntimeMetrics } from './job-metrics.js';

/**
 * Publishes the metrics object as JSON to a topic, keyed by the application id, for the
 * dashboard's system page and its Prometheus endpoint. It has a producer of its own so
 * that a failed publish never touches the ordering of the job's output.
 */
export class MetricsPublisher {
  private readonly producer: TextProducer;
  private failing = false;

  constructor(
    bootstrap: string,
    private readonly topic: string,
    private readonly key: string,
    private readonly logger: Logger,
  ) {
    this.producer = createProducer(bootstrap, `${key}-metrics`);
  }

  publish(metrics: RuntimeMetrics): Promise<void> {
    return this.producer.send({ messages: [{ topic: this.topic, key: this.key, value: JSON.stringify(metrics) }] }).then(
      () => {
        if (this.failing) this.logger.info({ topic: this.topic }, 'publishing metrics again');
        this.failing = false;
      },
      (error: unknown) => {
        // Metrics are best effort: the job goes on; one warning per run of failures keeps the log readable.
        if (!this.failing) this.logger.warn({ topic: this.topic, err: error }, 'could not publish metrics; will keep trying');
        this.failing = true;
      },
    );
  }

  close(): Promise<void> {
    return this.producer.close();
  }
}
