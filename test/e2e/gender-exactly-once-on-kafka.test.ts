// needs: peers/java, peers/m2
import { after, before, test } from 'node:test';
import { eachWindowOnce, eachWindowOnceAcrossKill, eachWindowOnceWithTwoInstances } from '../apps/gender/exactly-once-scenarios.js';
import { startKafka, type KafkaCluster } from '../helpers/kafka.js';

// The same exactly_once_v2 scenarios as test/apps/gender/exactly-once.test.ts, on a real Kafka 4.4:
// the transactions, TxnOffsetCommit and read_committed fetches are Kafka's own.

let kafka: KafkaCluster;
before(async () => {
  kafka = await startKafka({ heapMb: 384 });
});
after(() => kafka?.stop());

test('Kafka 4.4: gender with exactly_once_v2, a read_committed reader of result sees each window once, sums exact', { timeout: 90_000 }, () =>
  eachWindowOnce(kafka.bootstrap, 'eos'));

test('Kafka 4.4: gender with exactly_once_v2 across kill -9 and a restart, each window once, sums exact', { timeout: 120_000 }, () =>
  eachWindowOnceAcrossKill(kafka.bootstrap, 'eos-kill'));

test('Kafka 4.4: gender with exactly_once_v2 through the repartition topic, two instances, one killed with kill -9 and restarted', { timeout: 120_000 }, () =>
  eachWindowOnceWithTwoInstances(kafka.bootstrap, 'eos-two'));
