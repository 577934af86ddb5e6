import { after, before, test } from 'node:test';
import { inProcessBroker } from '../../helpers/broker.js';
import { eachWindowOnce, eachWindowOnceAcrossKill, eachWindowOnceWithTwoInstances } from './exactly-once-scenarios.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

test('gender with exactly_once_v2: a read_committed reader of result sees each window once, and the sums equal the input', { timeout: 60_000 }, () =>
  eachWindowOnce(broker.bootstrap, 'eos'));

test('gender with exactly_once_v2: kill -9 mid-run and a restart; read_committed still sees each window once and the sums equal the input', { timeout: 90_000 }, () =>
  eachWindowOnceAcrossKill(broker.bootstrap, 'eos-kill'));

test('gender with exactly_once_v2 through the repartition topic, two instances, one killed with kill -9 and restarted; each window once, sums exact', { timeout: 120_000 }, () =>
  eachWindowOnceWithTwoInstances(broker.bootstrap, 'eos-two'));
