import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import { NotCoPartitionedError, PartitionCountError, TopologyError } from '../../../src/stream/errors.js';
import { serdes } from '../../../src/stream/serde.js';
import { TestDriver } from '../../../src/stream/testing/test-driver.js';

interface User {
  readonly age: number;
  readonly gender: string;
}

const changes = (driver: TestDriver, topic: string) => driver.output(topic).map((r) => [r.key, r.value]);

test('stream–table join: each record meets the row of its key as it is when the record is processed; table updates emit nothing', () => {
  const b = new StreamBuilder();
  const users = b.table('users', { value: serdes.json<User>() });
  const logs = b.stream('user_log');
  logs.join(users, (action, user) => `${action}:${user.age}`).to('inner');
  logs.leftJoin(users, (action, user) => `${action}:${user?.gender ?? '?'}`).to('left');
  const driver = new TestDriver(b.build());
  driver.pipe('user_log', [{ key: 'u1', value: 'click' }]);
  driver.pipe('users', [{ key: 'u1', value: '{"age":25,"gender":"f"}' }]);
  driver.pipe('user_log', [{ key: 'u1', value: 'buy' }, { value: 'keyless' }]);
  driver.pipe('users', [{ key: 'u1', value: '{"age":26,"gender":"f"}' }]);
  driver.pipe('user_log', [{ key: 'u1', value: 'cart' }]);
  driver.pipe('users', [{ key: 'u1', value: null }]);
  driver.pipe('user_log', [{ key: 'u1', value: 'fav' }]);
  assert.deepEqual(changes(driver, 'inner'), [['u1', 'buy:25'], ['u1', 'cart:26']]);
  assert.deepEqual(changes(driver, 'left'), [['u1', 'click:?'], ['u1', 'buy:f'], [null, 'keyless:?'], ['u1', 'cart:f'], ['u1', 'fav:?']]);
});

test('a stream–table join reads a filtered or mapped table through its parents, without a store of its own', () => {
  const b = new StreamBuilder();
  const adults = b
    .table('users', { value: serdes.json<User>() })
    .filter((u) => u.age >= 18)
    .mapValues((u) => `${Math.floor(u.age / 10) * 10}s`);
  b.stream('user_log').join(adults, (action, range) => `${action}@${range}`, { name: 'log-with-age' }).to('out');
  const topology = b.build();
  assert.match(topology.describe(), /to-table|table table-users/);
  const driver = new TestDriver(topology);
  driver.pipe('users', [{ key: 'kid', value: '{"age":12,"gender":"m"}' }, { key: 'mum', value: '{"age":41,"gender":"f"}' }]);
  driver.pipe('user_log', [{ key: 'kid', value: 'buy' }, { key: 'mum', value: 'buy' }]);
  assert.deepEqual(changes(driver, 'out'), [['mum', 'buy@40s']]);
});

test('a re-keyed stream joins a table through a repartition topic as wide as the table, named after Joined', () => {
  const b = new StreamBuilder();
  const users = b.table('users');
  b.stream('user_log')
    .keyBy((line): string | null => line.split(',')[0]!)
    .join(users, (line, user) => `${line}/${user}`, { name: 'by-user', keySerde: serdes.string })
    .to('out');
  const topology = b.build();
  const plan = topology.plan({ applicationId: 'app', partitions: (t) => (t === 'users' ? 4 : 2) });
  assert.deepEqual(plan.internalTopics.find((t) => t.purpose === 'repartition'), { name: 'app-by-user-repartition', partitions: 4, purpose: 'repartition' });
  const driver = new TestDriver(topology, { partitions: { users: 4, user_log: 2 } });
  driver.pipe('users', [{ key: 'u1', value: 'ann' }, { key: 'u2', value: 'bob' }, { key: 'u3', value: 'cy' }]);
  driver.pipe('user_log', [{ value: 'u1,buy' }, { value: 'u3,cart' }, { value: 'u2,click' }]);
  assert.deepEqual(changes(driver, 'out').sort(), [['u1', 'u1,buy/ann'], ['u2', 'u2,click/bob'], ['u3', 'u3,cart/cy']]);
});

test('a join of topics with different partition counts is refused, naming the join, the topics and their counts', () => {
  const b = new StreamBuilder();
  b.stream('user_log').join(b.table('users'), (a, u) => `${a}${u}`, { name: 'enrich' }).to('out');
  const topology = b.build();
  assert.throws(
    () => topology.plan({ applicationId: 'app', partitions: (t) => (t === 'users' ? 3 : 5) }),
    (e: unknown) =>
      e instanceof NotCoPartitionedError &&
      e instanceof PartitionCountError &&
      e.join === 'enrich' &&
      e.topics.map((t) => `${t.topic}=${t.partitions}`).sort().join(' ') === 'user_log=5 users=3' &&
      /not co-partitioned/.test(e.message) &&
      /users \(3 partitions\)/.test(e.message),
  );
  assert.throws(() => new TestDriver(topology, { partitions: { users: 3, user_log: 5 } }), NotCoPartitionedError);
});

test('table–table joins: inner, left and outer keep a key while both, the left, or either side has a row; leaving is a deletion', () => {
  const b = new StreamBuilder();
  const ages = b.table('ages', { value: serdes.json<number>() });
  const cities = b.table('cities');
  const show = (age: number | null, city: string | null) => `${age ?? '-'}/${city ?? '-'}`;
  ages.join(cities, show).toStream().to('inner');
  ages.leftJoin(cities, show).toStream().to('left');
  ages.outerJoin(cities, show, { name: 'both' }).toStream().to('outer');
  const driver = new TestDriver(b.build());
  driver.pipe('ages', [{ key: 'a', value: '30' }]);
  driver.pipe('cities', [{ key: 'a', value: 'hz' }, { key: 'b', value: 'sh' }]);
  driver.pipe('ages', [{ key: 'a', value: '31' }]);
  driver.pipe('cities', [{ key: 'a', value: null }]);
  driver.pipe('ages', [{ key: 'a', value: null }]);
  driver.pipe('cities', [{ key: 'b', value: null }]);
  assert.deepEqual(changes(driver, 'inner'), [['a', '30/hz'], ['a', '31/hz'], ['a', null]]);
  assert.deepEqual(changes(driver, 'left'), [['a', '30/-'], ['a', '30/hz'], ['a', '31/hz'], ['a', '31/-'], ['a', null]]);
  assert.deepEqual(changes(driver, 'outer'), [['a', '30/-'], ['a', '30/hz'], ['b', '-/sh'], ['a', '31/hz'], ['a', '31/-'], ['a', null], ['b', null]]);
});

test('a table–table join result can itself be joined: a stream reads the joined rows computed from both stores', () => {
  const b = new StreamBuilder();
  const profile = b.table('ages').join(b.table('cities'), (age, city) => `${age}@${city}`);
  b.stream('user_log').leftJoin(profile, (action, p) => `${action} ${p ?? 'unknown'}`).to('out');
  const driver = new TestDriver(b.build());
  driver.pipe('ages', [{ key: 'u1', value: '20' }, { key: 'u2', value: '30' }]);
  driver.pipe('cities', [{ key: 'u1', value: 'hz' }]);
  driver.pipe('user_log', [{ key: 'u1', value: 'buy' }, { key: 'u2', value: 'buy' }]);
  assert.deepEqual(changes(driver, 'out'), [['u1', 'buy 20@hz'], ['u2', 'buy unknown']]);
});

test('joining across StreamBuilders, or outer-joining a stream with a table, is refused with the fix', () => {
  const one = new StreamBuilder();
  const two = new StreamBuilder();
  const table = two.table('users');
  assert.throws(() => one.stream('user_log').join(table, (a, u) => a + u), (e: unknown) => e instanceof TopologyError && /same builder/.test(e.message));
  assert.throws(() => one.table('t').join(table, (a, u) => a + u), (e: unknown) => e instanceof TopologyError && /same builder/.test(e.message));
  const outer = one.stream('x').outerJoin as (...args: unknown[]) => unknown;
  assert.throws(() => outer.call(one.stream('y'), one.table('z'), () => 1), (e: unknown) => e instanceof TopologyError && /leftJoin/.test(e.message));
});

test('after a crash the table a join reads is rebuilt from its own topic up to the checkpoint, then the rest is re-read', () => {
  const b = new StreamBuilder();
  b.stream('user_log').join(b.table('users'), (action, user) => `${action}:${user}`).to('out');
  const driver = new TestDriver(b.build());
  driver.pipe('users', [{ key: 'u1', value: 'ann' }, { key: 'u2', value: 'bob' }]);
  driver.checkpoint();
  driver.pipe('users', [{ key: 'u2', value: 'bea' }]);
  driver.crashAndRestart();
  driver.pipe('user_log', [{ key: 'u1', value: 'buy' }, { key: 'u2', value: 'buy' }]);
  assert.deepEqual(changes(driver, 'out'), [['u1', 'buy:ann'], ['u2', 'buy:bea']]);
});
