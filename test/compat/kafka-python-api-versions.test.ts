// needs: peers/python, python3-kafka
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { inProcessBroker, REPO_ROOT } from '../helpers/broker.js';
import { checkCapability } from '../helpers/compat-check.js';
import { run } from '../helpers/exec.js';
import { PEERS_DIR, requirePeer } from '../helpers/peers.js';

// kafka-python 2.0.2 told to speak an old Kafka with api_version, as seed 001's workaround
// `KafkaProducer(bootstrap_servers=[...], api_version=(0,10))` does: it skips ApiVersions and uses
// only what that Kafka served (Produce v0/Fetch v0 with message format v0 for 0.8.2, v1 from 0.10;
// group membership from 0.9, offsets only for 0.8.2). Both installs the seeds would meet: Debian's
// python3-kafka and PyPI's, in its venv.
const SCRIPT = join(REPO_ROOT, 'test/peers/python/kafka_python_legacy.py');
const PYTHONS = [
  { client: 'kafka-python (Debian python3-kafka)', python: () => '/usr/bin/python3' },
  { client: 'kafka-python', python: () => requirePeer('kafka-python-2.0.2 (Python venv)', join(PEERS_DIR, 'python', 'kafka-python-2.0.2', 'bin', 'python')) },
];
const API_VERSIONS = ['0.8.2', '0.9', '0.10', '0.10.1'];

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

interface Read {
  value: string;
  partition: number;
  offset: number;
}

async function script(python: string, args: string[]): Promise<Read[]> {
  const r = await run(python, [SCRIPT, ...args, '--bootstrap', broker.bootstrap], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, `kafka_python_legacy.py ${args.join(' ')} failed:\n${r.stderr.slice(-3000)}`);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Read & { done?: number });
  assert.ok(lines.at(-1)?.done !== undefined, r.stdout);
  return lines.filter((l) => l.done === undefined);
}

for (const { client, python } of PYTHONS) {
  for (const apiVersion of API_VERSIONS) {
    test(`${client} with api_version=(${apiVersion.replaceAll('.', ',')}): produce plain and gzip, consume in a group, commit, and a second process resumes from the commit`, () =>
      checkCapability({ client, version: `2.0.2, api_version ${apiVersion}` }, 'produce+consume', async () => {
        const py = python();
        const topic = `legacy-${client.length}-${apiVersion}`;
        const common = ['--topic', topic, '--api-version', apiVersion];
        await script(py, ['produce', ...common, '--count', '10', '--prefix', 'plain']);
        await script(py, ['produce', ...common, '--count', '10', '--prefix', 'gzip', '--compression', 'gzip']);
        const all = [...Array.from({ length: 10 }, (_, i) => `plain-${i}`), ...Array.from({ length: 10 }, (_, i) => `gzip-${i}`)];

        const group = ['consume', ...common, '--group', `g-${topic}`];
        const first = await script(py, [...group, '--count', '12']);
        assert.deepEqual(first, all.slice(0, 12).map((value, offset) => ({ value, partition: 0, offset })));
        const second = await script(py, [...group, '--count', '8']);
        assert.deepEqual(second, all.slice(12).map((value, i) => ({ value, partition: 0, offset: 12 + i })), 'the second consumer starts at the committed offset 12');
      }),
    );
  }
}
