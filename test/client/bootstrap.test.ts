import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootstrapBrokers, connectOptions } from '../../src/client/bootstrap.js';
import { BootstrapAddressError } from '../../src/client/errors.js';

test('one or several host:port give the broker list', () => {
  assert.deepEqual(bootstrapBrokers('127.0.0.1:9092'), ['127.0.0.1:9092']);
  assert.deepEqual(bootstrapBrokers('a:1, b:2,'), ['a:1', 'b:2']);
  assert.deepEqual(connectOptions('kafka:9092', 'me').bootstrapBrokers, ['kafka:9092']);
  assert.equal(connectOptions('kafka:9092', 'me').clientId, 'me');
});

test('anything else is a BootstrapAddressError with an example', () => {
  for (const bad of ['', 'localhost', ':9092', 'host:port', 'h:70000']) {
    assert.throws(() => bootstrapBrokers(bad), (e: Error) => e instanceof BootstrapAddressError && /e\.g\. 127\.0\.0\.1:9092/.test(e.message), bad);
  }
});
