// needs: peers/java-eras/zookeeper-3.9.5, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Admin } from '../../src/client/admin.js';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { describeRun, runJava, type JavaRun } from '../helpers/java-peers.js';
import { ZOOKEEPER_ERA } from '../helpers/zookeeper-server.js';

// ZooKeeper 3.9.5's own shell (org.apache.zookeeper.ZooKeeperMain, behind bin/zkCli.sh), one
// command per run as `zkCli.sh -server HOST:PORT CMD` does, against the broker's facade.
const PEER: Peer = { client: 'ZooKeeperMain (zkCli.sh)', version: '3.9.5' };

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let server: string;
before(async () => {
  broker = await inProcessBroker({ zookeeperPort: 0 });
  server = `127.0.0.1:${broker.zookeeper!.port}`;
});
after(() => broker?.stop());

async function zkCli(...command: string[]): Promise<JavaRun> {
  const r = await runJava('org.apache.zookeeper.ZooKeeperMain', ['-server', server, ...command], { era: ZOOKEEPER_ERA, timeoutMs: 60_000 });
  assert.equal(r.code, 0, describeRun(r));
  return r;
}
/** The shell's answer without its connection chatter (the "Connecting to" line, WATCHER banners; log lines go to stderr). */
const answer = (r: JavaRun): string[] => r.stdout.split('\n').filter((l) => l.trim() !== '' && !/^(WATCHER|WatchedEvent|Connecting to )/.test(l));

test('zkCli ls, create, get, set, stat and delete against the facade', () =>
  checkCapability(PEER, 'zookeeper shell', async () => {
    const admin = new Admin(broker.bootstrap);
    try {
      await admin.createTopic('clicks', { partitions: 2 });
    } finally {
      await admin.close();
    }
    assert.deepEqual(answer(await zkCli('ls', '/brokers/topics')), ['[clicks]']);
    assert.deepEqual(answer(await zkCli('ls', '/brokers/ids')), ['[1]']);
    assert.match(answer(await zkCli('get', '/brokers/topics/clicks')).join('\n'), /"partitions":\{"0":\[1\],"1":\[1\]\}/);

    // 3.9's shell reports a create on stderr.
    const created = await zkCli('create', '/lab', 'first');
    assert.match(created.stderr, /^Created \/lab$/m, describeRun(created));
    assert.deepEqual(answer(await zkCli('get', '/lab')), ['first']);
    await zkCli('set', '/lab', 'second');
    assert.deepEqual(answer(await zkCli('get', '/lab')), ['second']);
    const stat = answer(await zkCli('stat', '/lab')).join('\n');
    assert.match(stat, /dataVersion = 1/);
    assert.match(stat, /dataLength = 6/);
    assert.match(stat, /numChildren = 0/);

    await zkCli('delete', '/lab');
    const gone = await runJava('org.apache.zookeeper.ZooKeeperMain', ['-server', server, 'get', '/lab'], { era: ZOOKEEPER_ERA, timeoutMs: 60_000 });
    assert.match(gone.stdout + gone.stderr, /Node does not exist: \/lab/, describeRun(gone));
  }),
);

test('zkCli get -w and ls -w: the watches fire on set and on a new child, in the shell that set them', () =>
  checkCapability(PEER, 'zookeeper watches', async () => {
    await zkCli('create', '/watched', 'v1');
    // Commands on stdin run one after another in one session; the ls after each change gives the notification time to arrive.
    const script = ['get -w /watched', 'set /watched v2', 'ls /', 'ls -w /watched', 'create /watched/child', 'ls /', 'quit', ''].join('\n');
    const r = await runJava('org.apache.zookeeper.ZooKeeperMain', ['-server', server], { era: ZOOKEEPER_ERA, timeoutMs: 60_000, input: script });
    assert.match(r.stdout, /WatchedEvent state:SyncConnected type:NodeDataChanged path:\/watched/, describeRun(r));
    assert.match(r.stdout, /WatchedEvent state:SyncConnected type:NodeChildrenChanged path:\/watched/, describeRun(r));
  }),
);
