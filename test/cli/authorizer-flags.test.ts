import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CreateTopics, DescribeAcls } from '../../src/protocol/apis.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { parseServerProperties, ServerPropertiesError } from '../../src/cli/server-properties.js';
import { CLI, freePort, spawnBroker, tempDir } from '../helpers/broker.js';
import { run } from '../helpers/exec.js';
import { RawClient } from '../helpers/raw-client.js';

test("authorizer.class.name (Kafka's class names), super.users and allow.everyone.if.no.acl.found map to the broker's flags", () => {
  const { flags, ignored } = parseServerProperties(
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\nsuper.users=User:admin; User:ops\nallow.everyone.if.no.acl.found=true\n',
  );
  assert.deepEqual(
    { authorizer: flags.authorizer, superUsers: flags.superUsers, allowEveryoneIfNoAclFound: flags.allowEveryoneIfNoAclFound },
    { authorizer: 'org.apache.kafka.metadata.authorizer.StandardAuthorizer', superUsers: ['User:admin', 'User:ops'], allowEveryoneIfNoAclFound: true },
  );
  assert.deepEqual(ignored, []);
  // Kafka's default, an empty class name, is no authorizer.
  assert.equal(parseServerProperties('authorizer.class.name=\n').flags.authorizer, undefined);
});

test('a bad authorizer value names its key and line', () => {
  assert.throws(() => parseServerProperties('num.partitions=1\nauthorizer.class.name=com.example.Mine\n'), (err: Error) => err instanceof ServerPropertiesError && /server\.properties:2: authorizer\.class\.name: unknown authorizer "com\.example\.Mine"/.test(err.message));
  assert.throws(() => parseServerProperties('super.users=admin\n'), (err: Error) => err instanceof ServerPropertiesError && /super\.users: "admin" is not a principal; write User:NAME/.test(err.message));
  assert.throws(() => parseServerProperties('allow.everyone.if.no.acl.found=yes\n'), /allow\.everyone\.if\.no\.acl\.found takes true or false, got "yes"/);
});

test('--super-users without --authorizer exits 2 naming the flag; a malformed one is refused by the flag', async () => {
  const dir = tempDir('streamdash-authz-');
  try {
    const r = await run(process.execPath, [CLI, 'broker', '--port', '0', '--data-dir', join(dir, 'data'), '--super-users', 'User:admin']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--super-users \(super\.users\) needs an authorizer: add --authorizer acl/);
    const bad = await run(process.execPath, [CLI, 'broker', '--port', '0', '--data-dir', join(dir, 'data'), '--authorizer', 'acl', '--super-users', 'admin']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--super-users: "admin" is not a principal/);
    const unknown = await run(process.execPath, [CLI, 'broker', '--port', '0', '--data-dir', join(dir, 'data'), '--authorizer', 'nope']);
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /--authorizer: unknown authorizer "nope"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('broker --config with an authorizer: an anonymous client without ACLs is refused, a super user (User:ANONYMOUS here) is not', async () => {
  const dir = tempDir('streamdash-authz-');
  const file = join(dir, 'server.properties');
  try {
    writeFileSync(file, 'authorizer.class.name=kafka.security.authorizer.AclAuthorizer\n');
    const closed = await spawnBroker(join(dir, 'closed'), await freePort(), ['--config', file]);
    try {
      const c = await RawClient.connect(closed.port);
      const created = await c.request(CreateTopics, 4, { topics: [{ name: 't', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false });
      assert.equal(created.topics[0]!.errorCode, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
      const described = await c.request(DescribeAcls, 1, { resourceTypeFilter: 1, resourceNameFilter: null, patternTypeFilter: 1, principalFilter: null, hostFilter: null, operation: 1, permissionType: 1 });
      assert.equal(described.errorCode, ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
      c.close();
    } finally {
      await closed.stop();
    }
    const open = await spawnBroker(join(dir, 'open'), await freePort(), ['--authorizer', 'acl', '--super-users', 'User:ANONYMOUS']);
    try {
      const c = await RawClient.connect(open.port);
      const created = await c.request(CreateTopics, 4, { topics: [{ name: 't', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false });
      assert.equal(created.topics[0]!.errorCode, ErrorCode.NONE);
      c.close();
    } finally {
      await open.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
