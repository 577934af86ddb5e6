// needs: peers/java, peers/m2, chromium
import { startKafka } from '../helpers/kafka.js';
import { describeConsoleViews } from './console-views.js';

// The views' tests (console-views.ts) with the dashboard pointed at Apache Kafka 4.4 (issue 21:
// "the same tests against Kafka 4.4"): the console reaches Kafka only through src/client, so
// every figure the page shows must be Kafka's own. Kafka answers every assertion as the embedded
// broker does, the reset and its refusal included (both refuse a commit into a running group with
// UNKNOWN_MEMBER_ID), so the body has no branch per target. Its pictures are not docs/console's.
describeConsoleViews({
  name: 'Apache Kafka 4.4',
  start: async () => {
    const kafka = await startKafka({ heapMb: 384 });
    return { bootstrap: kafka.bootstrap, stop: () => kafka.stop() };
  },
  screenshots: false,
  // A Kafka JVM starts in 20 to 60 s on the two shared cores, and its groups form more slowly.
  timeoutMs: 240_000,
});
