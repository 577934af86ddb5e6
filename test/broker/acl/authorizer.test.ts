import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bindingFromWire, InvalidAclError, type AclBinding } from '../../../src/broker/acl/acl-binding.js';
import { AclOperation, PatternType, Permission, ResourceType } from '../../../src/broker/acl/acl-codes.js';
import { filterMatches, type WireAclFilter } from '../../../src/broker/acl/acl-filter.js';
import { AclsFileError, AclStore } from '../../../src/broker/acl/acl-store.js';
import { Authorizer } from '../../../src/broker/acl/authorizer.js';
import { tempDir } from '../../helpers/broker.js';

const alice = { principal: 'User:alice', host: '127.0.0.1' };
const bob = { principal: 'User:bob', host: '127.0.0.1' };

function acl(over: Partial<AclBinding>): AclBinding {
  return { resourceType: 'TOPIC', patternType: 'LITERAL', resourceName: 'orders', principal: 'User:alice', host: '*', operation: 'READ', permission: 'ALLOW', ...over };
}

function authorizerWith(bindings: AclBinding[], settings = { superUsers: [] as string[], allowEveryoneIfNoAclFound: false }) {
  const dir = tempDir('streamdash-acl-');
  const store = new AclStore(dir);
  store.add(bindings);
  return { authorizer: new Authorizer(store, settings), store, dir };
}

test('literal, wildcard and prefixed patterns; other names and types are not covered', () => {
  const { authorizer: a, dir } = authorizerWith([
    acl({}),
    acl({ resourceName: '*', operation: 'DESCRIBE' }),
    acl({ patternType: 'PREFIXED', resourceName: 'logs-', operation: 'WRITE' }),
    acl({ resourceType: 'GROUP', resourceName: 'orders', operation: 'READ' }),
  ]);
  try {
    assert.equal(a.authorize(alice, 'READ', 'TOPIC', 'orders'), true);
    assert.equal(a.authorize(alice, 'READ', 'TOPIC', 'orders2'), false);
    assert.equal(a.authorize(alice, 'DESCRIBE', 'TOPIC', 'anything'), true);
    assert.equal(a.authorize(alice, 'WRITE', 'TOPIC', 'logs-web'), true);
    assert.equal(a.authorize(alice, 'WRITE', 'TOPIC', 'log'), false);
    assert.equal(a.authorize(alice, 'WRITE', 'TOPIC', 'orders'), false);
    assert.equal(a.authorize(alice, 'READ', 'GROUP', 'orders'), true);
    assert.equal(a.authorize(alice, 'READ', 'TRANSACTIONAL_ID', 'orders'), false);
    assert.equal(a.authorize(bob, 'READ', 'TOPIC', 'orders'), false);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('DENY wins over ALLOW, ALL covers every operation, User:* and host * match anyone, a host names one address', () => {
  const { authorizer: a, dir } = authorizerWith([
    acl({ principal: 'User:*', operation: 'ALL' }),
    acl({ principal: 'User:bob', operation: 'WRITE', permission: 'DENY' }),
    acl({ resourceName: 'pay', host: '10.0.0.7' }),
    acl({ resourceName: 'secret', operation: 'ALL', permission: 'DENY', principal: 'User:*' }),
    acl({ resourceName: 'secret' }),
  ]);
  try {
    assert.equal(a.authorize(alice, 'WRITE', 'TOPIC', 'orders'), true);
    assert.equal(a.authorize(alice, 'ALTER_CONFIGS', 'TOPIC', 'orders'), true);
    assert.equal(a.authorize(bob, 'READ', 'TOPIC', 'orders'), true);
    assert.equal(a.authorize(bob, 'WRITE', 'TOPIC', 'orders'), false);
    assert.equal(a.authorize(alice, 'READ', 'TOPIC', 'pay'), false);
    assert.equal(a.authorize({ principal: 'User:alice', host: '10.0.0.7' }, 'READ', 'TOPIC', 'pay'), true);
    assert.equal(a.authorize(alice, 'READ', 'TOPIC', 'secret'), false);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("Kafka's implied operations: READ, WRITE, DELETE, ALTER allow DESCRIBE; ALTER_CONFIGS allows DESCRIBE_CONFIGS; not the other way round", () => {
  for (const op of ['READ', 'WRITE', 'DELETE', 'ALTER'] as const) {
    const { authorizer: a, dir } = authorizerWith([acl({ operation: op })]);
    assert.equal(a.authorize(alice, 'DESCRIBE', 'TOPIC', 'orders'), true, op);
    assert.equal(a.authorize(alice, 'DESCRIBE_CONFIGS', 'TOPIC', 'orders'), false, op);
    rmSync(dir, { recursive: true });
  }
  const { authorizer: a, dir } = authorizerWith([acl({ operation: 'ALTER_CONFIGS' }), acl({ resourceName: 'd', operation: 'DESCRIBE' })]);
  assert.equal(a.authorize(alice, 'DESCRIBE_CONFIGS', 'TOPIC', 'orders'), true);
  assert.equal(a.authorize(alice, 'DESCRIBE', 'TOPIC', 'orders'), false);
  assert.equal(a.authorize(alice, 'READ', 'TOPIC', 'd'), false);
  // A DENY of DESCRIBE is not lifted by an ALLOW of READ.
  const denied = authorizerWith([acl({}), acl({ operation: 'DESCRIBE', permission: 'DENY' })]);
  assert.equal(denied.authorizer.authorize(alice, 'DESCRIBE', 'TOPIC', 'orders'), false);
  rmSync(dir, { recursive: true });
  rmSync(denied.dir, { recursive: true });
});

test('super users may do anything; a resource no ACL covers is open only with allow.everyone.if.no.acl.found', () => {
  const closed = authorizerWith([acl({})], { superUsers: ['User:root'], allowEveryoneIfNoAclFound: false });
  const open = authorizerWith([acl({})], { superUsers: [], allowEveryoneIfNoAclFound: true });
  try {
    assert.equal(closed.authorizer.authorize({ principal: 'User:root', host: '1.2.3.4' }, 'ALTER', 'CLUSTER', 'kafka-cluster'), true);
    assert.equal(closed.authorizer.authorize(bob, 'READ', 'TOPIC', 'uncovered'), false);
    assert.equal(open.authorizer.authorize(bob, 'READ', 'TOPIC', 'uncovered'), true);
    // Covered by an ACL of someone else: no longer "no ACL found".
    assert.equal(open.authorizer.authorize(bob, 'READ', 'TOPIC', 'orders'), false);
  } finally {
    rmSync(closed.dir, { recursive: true });
    rmSync(open.dir, { recursive: true });
  }
});

test('WRITE on some topic (authorizeAny), as idempotent producers need; a wildcard DENY takes it back', () => {
  const some = authorizerWith([acl({ patternType: 'PREFIXED', resourceName: 'in-', operation: 'WRITE' })]);
  const none = authorizerWith([acl({})]);
  const denied = authorizerWith([acl({ operation: 'WRITE' }), acl({ resourceName: '*', operation: 'WRITE', permission: 'DENY' })]);
  try {
    assert.equal(some.authorizer.authorizeAny(alice, 'WRITE', 'TOPIC'), true);
    assert.equal(none.authorizer.authorizeAny(alice, 'WRITE', 'TOPIC'), false);
    assert.equal(denied.authorizer.authorizeAny(alice, 'WRITE', 'TOPIC'), false);
  } finally {
    for (const x of [some, none, denied]) rmSync(x.dir, { recursive: true });
  }
});

test('filters: ANY, MATCH (wildcard and covering prefixes), exact pattern types, null fields', () => {
  const bindings = [acl({}), acl({ resourceName: '*' }), acl({ patternType: 'PREFIXED', resourceName: 'ord' }), acl({ patternType: 'PREFIXED', resourceName: 'x' }), acl({ resourceType: 'GROUP' })];
  const f = (over: Partial<WireAclFilter>): WireAclFilter => ({
    resourceTypeFilter: ResourceType.TOPIC,
    resourceNameFilter: 'orders',
    patternTypeFilter: PatternType.LITERAL,
    principalFilter: null,
    hostFilter: null,
    operation: AclOperation.ANY,
    permissionType: Permission.ANY,
    ...over,
  });
  const count = (filter: WireAclFilter) => bindings.filter((b) => filterMatches(filter, b)).length;
  assert.equal(count(f({})), 1);
  assert.equal(count(f({ patternTypeFilter: PatternType.MATCH })), 3);
  assert.equal(count(f({ patternTypeFilter: PatternType.ANY })), 1);
  assert.equal(count(f({ patternTypeFilter: PatternType.ANY, resourceNameFilter: null })), 4);
  assert.equal(count(f({ resourceTypeFilter: ResourceType.ANY, patternTypeFilter: PatternType.ANY, resourceNameFilter: null })), 5);
  assert.equal(count(f({ principalFilter: 'User:bob' })), 0);
  assert.equal(count(f({ operation: AclOperation.WRITE })), 0);
  assert.equal(count(f({ permissionType: Permission.DENY })), 0);
});

test('new ACLs are checked: resource type, pattern type, principal form, cluster name, operation and permission', () => {
  const wire = { resourceType: ResourceType.TOPIC, resourceName: 't', patternType: PatternType.LITERAL, principal: 'User:a', host: '*', operation: AclOperation.READ, permissionType: Permission.ALLOW };
  assert.equal(bindingFromWire(wire).operation, 'READ');
  for (const bad of [
    { resourceType: ResourceType.ANY },
    { patternType: PatternType.MATCH },
    { principal: 'alice' },
    { resourceType: ResourceType.CLUSTER, resourceName: 'mine' },
    { operation: AclOperation.ANY },
    { permissionType: Permission.ANY },
    { resourceName: '' },
  ]) {
    assert.throws(() => bindingFromWire({ ...wire, ...bad }), InvalidAclError, JSON.stringify(bad));
  }
});

test('the ACLs are kept by name in acls.json, read back by a new store; a broken file is refused naming it', () => {
  const dir = tempDir('streamdash-acl-');
  try {
    new AclStore(dir).add([acl({}), acl({}), acl({ permission: 'DENY', principal: 'User:bob' })]);
    const again = new AclStore(dir);
    assert.equal(again.all().length, 2);
    const file = JSON.parse(readFileSync(join(dir, 'acls.json'), 'utf8')) as { acls: AclBinding[] };
    assert.deepEqual(file.acls[1], acl({ permission: 'DENY', principal: 'User:bob' }));
    again.remove([again.all()[0]!]);
    assert.deepEqual(new AclStore(dir).all(), [acl({ permission: 'DENY', principal: 'User:bob' })]);
    writeFileSync(join(dir, 'acls.json'), '{"acls":[{"resourceType":"TOPIK"}]}');
    assert.throws(() => new AclStore(dir), (err: Error) => err instanceof AclsFileError && err.message.includes('acls.json') && err.message.includes('TOPIK'));
  } finally {
    rmSync(dir, { recursive: true });
  }
});
