// needs: python3-kafka
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { inProcessBroker, REPO_ROOT } from '../helpers/broker.js';
import { run } from '../helpers/exec.js';
import { produce } from '../helpers/produce.js';
import { coordinatorReady, createTopic, fetchCommitted } from '../broker/groups/raw-group.js';

// Debian's python3-kafka lives in the system interpreter, not in a pyenv or venv one.
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(REPO_ROOT, 'test/compat/kafka_python_group.py');

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
  await coordinatorReady(broker.port);
});
after(() => broker?.stop());

async function consume(group: string, limit: number): Promise<string[]> {
  const r = await run(PYTHON, [SCRIPT, broker.bootstrap, 'result', group, String(limit)], { timeoutMs: 60000 });
  assert.equal(r.code, 0, `kafka-python failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!).received;
}

test('kafka-python 2.0.2 KafkaConsumer("result", group_id=...) commits what it read and, restarted, resumes from there', { timeout: 120000 }, async () => {
  await createTopic(broker.port, 'result', 1);
  const produced = Array.from({ length: 100 }, (_, i) => `r${i}`);
  await produce(broker.bootstrap, 'result', produced);

  const first = await consume('dashboard', 60);
  assert.deepEqual(first, produced.slice(0, 60));
  const committed = await fetchCommitted(broker.port, 'dashboard');
  assert.equal(committed.offsets['result-0']?.offset, 60, 'closing committed the position');

  const second = await consume('dashboard', 1000);
  assert.deepEqual(second, produced.slice(60), 'resumed at the committed offset: nothing lost, nothing read twice');
  assert.equal((await fetchCommitted(broker.port, 'dashboard')).offsets['result-0']?.offset, 100);
});
