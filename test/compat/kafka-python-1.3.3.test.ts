// needs: peers/python
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sampleMissing, SAMPLE } from '../apps/taobao/sample.js';
import { inProcessBroker, REPO_ROOT, tempDir } from '../helpers/broker.js';
import { checkCapability } from '../helpers/compat-check.js';
import { run } from '../helpers/exec.js';
import { kafkaPython133 } from '../helpers/kafka-python-133.js';
import { waitFor } from '../helpers/wait-for.js';

// kafka-python 1.3.3, as seeds 000 and 003 pin it, running seed 003's own producer.py and
// consumer.py (test/compat/seeds, copied from the seed as written). kafka-python 1.3.3 cannot be
// imported by Python 3.7 or later: it names a parameter `async`, now a keyword. So the test
// copies the installed package and renames that one identifier (rename_async.py renames NAME
// tokens only, nothing else), and says how many places it changed. The scripts' only change is
// the broker's address in place of localhost:9092; the data is the first rows of the Taobao
// sample, at the ../data/user_log.csv the producer opens.
const PEER = { client: 'kafka-python', version: '1.3.3 (async renamed)' };
const ROWS = 40;

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let dir: string;
before(async () => {
  broker = await inProcessBroker();
  dir = tempDir('streamdash-kafka-python-133-');
});
after(async () => {
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The seed's script with localhost:9092 replaced by the broker's address (the consumer's default address made explicit). */
function seedScript(name: 'producer.py' | 'consumer.py'): string {
  const text = readFileSync(join(REPO_ROOT, 'test/compat/seeds', name), 'utf8');
  const replaced =
    name === 'producer.py' ? text.replace("bootstrap_servers='localhost:9092'", `bootstrap_servers='${broker.bootstrap}'`) : text.replace("KafkaConsumer('sex')", `KafkaConsumer('sex', bootstrap_servers='${broker.bootstrap}')`);
  assert.notEqual(replaced, text, `${name}: the address to replace is where the seed has it`);
  return replaced;
}

test("kafka-python 1.3.3 runs seed 003's producer.py and consumer.py: the gender column goes to `sex` and comes back, row for row", { skip: sampleMissing, timeout: 120_000 }, (t) =>
  checkCapability(PEER, 'produce+consume', async () => {
    const { python, lib, renamed } = await kafkaPython133(dir);
    const { places, files } = renamed;
    t.diagnostic(`renamed \`async\` to \`async_\` in ${places} places of ${Object.keys(files).join(', ')}; nothing else changed`);
    assert.ok(places > 0);

    const scripts = join(dir, 'scripts');
    mkdirSync(scripts);
    mkdirSync(join(dir, 'data'));
    const rows = readFileSync(SAMPLE, 'utf8').split('\n').slice(0, ROWS + 1);
    writeFileSync(join(dir, 'data', 'user_log.csv'), rows.join('\n') + '\n');
    writeFileSync(join(scripts, 'producer.py'), seedScript('producer.py'));
    writeFileSync(join(scripts, 'consumer.py'), seedScript('consumer.py'));
    const env = { ...process.env, PYTHONPATH: lib, PYTHONUNBUFFERED: '1', PYTHONWARNINGS: 'ignore' };

    // The consumer starts at the latest offset, as the seed's does: wait until it has its position
    // (kafka-python's debug log says so) before the producer sends, or it would miss the first rows.
    const consumer = spawn(python, ['-c', "import logging, runpy; logging.basicConfig(level=logging.DEBUG); runpy.run_path('consumer.py', run_name='__main__')"], { cwd: scripts, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let log = '';
    consumer.stdout.on('data', (d: Buffer) => (out += d.toString()));
    consumer.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
    try {
      await waitFor('the consumer to have its position in sex-0', () => /Fetched offset \d+ for partition TopicPartition\(topic='sex', partition=0\)/.test(log), { timeoutMs: 30_000 });
      const produced = await run(python, ['producer.py'], { env, timeoutMs: 60_000, cwd: scripts });
      assert.equal(produced.code, 0, produced.stderr.slice(-3000));
      const genders = rows.slice(1).map((r) => r.split(',')[9]!);
      await waitFor(`the consumer to print ${ROWS} genders`, () => out.split('\n').filter(Boolean).length >= ROWS, { timeoutMs: 30_000 });
      assert.deepEqual(out.split('\n').filter(Boolean), genders);
    } finally {
      consumer.kill('SIGKILL');
    }
  }),
);
