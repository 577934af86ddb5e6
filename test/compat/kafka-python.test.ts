// needs: python3-kafka
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { inProcessBroker, REPO_ROOT } from '../helpers/broker.js';
import { checkCapability } from '../helpers/compat-check.js';
import { run } from '../helpers/exec.js';

// Debian's python3-kafka lives in the system interpreter, not in a pyenv or venv one.
const PYTHON = '/usr/bin/python3';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

test('kafka-python 2.0.2 produces to "sex" and reads it back from the earliest offset, as the seeds do', () =>
  checkCapability({ client: 'kafka-python (Debian python3-kafka)', version: '2.0.2' }, 'produce+consume', async () => {
    const r = await run(PYTHON, [join(REPO_ROOT, 'test/compat/kafka_python_seeds.py'), broker.bootstrap, 'sex', '300'], { timeoutMs: 60000 });
    assert.equal(r.code, 0, `kafka-python failed:\n${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    assert.equal(out.received.length, 300);
    assert.deepEqual(out.received, Array.from({ length: 300 }, (_, i) => String(i % 3)));
  }));
