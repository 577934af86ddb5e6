// needs: kcat
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { run } from '../helpers/exec.js';

// librdkafka through kcat: metadata, then produce with keys and headers and
// read everything back byte for byte, plain and with every compression codec.
let broker: Awaited<ReturnType<typeof inProcessBroker>>;

let kcatPeer: Peer;

before(async () => {
  broker = await inProcessBroker();
  // "Version 1.7.1 (JSON, …, librdkafka 2.0.2 builtin.features=…)"
  const v = /Version (\S+) \(.*librdkafka (\S+)/.exec((await run('kcat', ['-V'])).stdout);
  kcatPeer = { client: 'kcat (librdkafka)', version: v ? `${v[1]} (librdkafka ${v[2]})` : 'unknown' };
});
after(() => broker?.stop());

async function kcat(args: string[], input?: string) {
  const r = await run('kcat', ['-b', broker.bootstrap, '-X', 'api.version.request=true', ...args], input === undefined ? {} : { input });
  assert.equal(r.code, 0, `kcat ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

const lines = Array.from({ length: 200 }, (_, i) => `key-${i % 7}:值 ${i} ${'x'.repeat(i % 50)}`);

test('kcat -L lists the broker and its topics', () =>
  checkCapability(kcatPeer, 'metadata', async () => {
    await kcat(['-P', '-t', 'listed'], 'hello\n');
    const meta = JSON.parse(await kcat(['-L', '-J']));
    assert.equal(meta.brokers.length, 1);
    assert.equal(meta.brokers[0].name, broker.bootstrap);
    const topic = meta.topics.find((t: { topic: string }) => t.topic === 'listed');
    assert.ok(topic, 'the produced-to topic is listed');
    assert.equal(topic.partitions.length, 1);
  }));

for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
  test(`kcat produces with keys and headers (${codec}) and consumes them back byte-exact`, () =>
    checkCapability(kcatPeer, codec === 'none' ? 'produce+consume' : `compression:${codec}`, async () => {
      const topic = `kcat-${codec}`;
      await kcat(['-P', '-t', topic, '-K', ':', '-H', 'source=kcat', '-H', 'codec=' + codec, '-z', codec], lines.join('\n') + '\n');
      const out = await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k|%s|%h|%o\\n']);
      const expected = lines.map((l, i) => {
        const [k, v] = [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)];
        return `${k}|${v}|source=kcat,codec=${codec}|${i}`;
      });
      assert.deepEqual(out.trimEnd().split('\n'), expected);
    }));
}
