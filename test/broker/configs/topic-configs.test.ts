import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOPIC_CONFIG_DEFS } from '../../../src/broker/configs/topic-config-defs.js';
import { BrokerConfigs } from '../../../src/broker/configs/broker-configs.js';
import { effectiveTopicConfigs } from '../../../src/broker/configs/describe-topic-configs.js';
import { checkTopicConfig, settingsFromConfigs } from '../../../src/broker/configs/topic-configs.js';
import { DEFAULT_TOPIC_LOG } from '../../../src/broker/config.js';
import { tempDir } from '../../helpers/broker.js';

test('every Kafka 4.4 topic config is accepted at its default value', () => {
  for (const d of TOPIC_CONFIG_DEFS) assert.doesNotThrow(() => checkTopicConfig(d.name, d.default), d.name);
  assert.doesNotThrow(() => checkTopicConfig('delete.retention.ms', '1000'));
  assert.doesNotThrow(() => checkTopicConfig('cleanup.policy', 'compact,delete'));
});

test('refused configs name the key and the reason, as Kafka words them', () => {
  assert.throws(() => checkTopicConfig('no.such.config', '1'), /Unknown topic config name: no\.such\.config/);
  assert.throws(() => checkTopicConfig('segment.bytes', '1024'), /Invalid value 1024 for configuration segment\.bytes: Value must be at least 1048576/);
  assert.throws(() => checkTopicConfig('retention.ms', 'soon'), /Invalid value soon for configuration retention\.ms: Not a number of type LONG/);
  assert.throws(() => checkTopicConfig('cleanup.policy', 'forever'), /configuration cleanup\.policy: Invalid value forever/);
  assert.throws(() => checkTopicConfig('min.insync.replicas', '0'), /min\.insync\.replicas: Value must be at least 1/);
});

test('retention and segment configs override the broker settings', () => {
  const s = settingsFromConfigs(effectiveTopicConfigs({ 'retention.ms': '1000', 'segment.bytes': '2097152', 'cleanup.policy': 'compact,delete' }, new BrokerConfigs(tempDir())));
  assert.equal(s.retentionMs, 1000);
  assert.equal(s.segmentBytes, 2097152);
  assert.equal(s.segmentMs, DEFAULT_TOPIC_LOG.segmentMs);
});

test('a topic whose cleanup.policy lacks delete keeps its records whatever its retention', () => {
  const s = settingsFromConfigs(effectiveTopicConfigs({ 'retention.ms': '1000', 'retention.bytes': '10', 'cleanup.policy': 'compact' }, new BrokerConfigs(tempDir())));
  assert.deepEqual([s.retentionMs, s.retentionBytes], [-1, -1]);
});
