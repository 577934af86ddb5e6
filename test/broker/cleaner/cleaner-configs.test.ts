import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeConfigs } from '../../../src/protocol/apis.js';
import { freePort, inProcessBroker, spawnBroker, tempDir } from '../../helpers/broker.js';
import { RawClient } from '../../helpers/raw-client.js';
import { waitForValue } from '../../helpers/wait-for.js';
import { createCompacted, fetchedLog, keys, produceWaves } from './compacted-topic.js';

const BROKER = 4;
const TOPIC = 2;
const STATIC_BROKER_CONFIG = 4;
const DEFAULT_CONFIG = 5;

async function describe(raw: RawClient, resourceType: number, resourceName: string, keys: string[]) {
  const { results } = await raw.request(DescribeConfigs, 4, { resources: [{ resourceType, resourceName, configurationKeys: keys }], includeSynonyms: true, includeDocumentation: false });
  assert.equal(results[0]!.errorCode, 0, results[0]!.errorMessage ?? '');
  return new Map(results[0]!.configs.map((c) => [c.name, c]));
}

test("server.properties' log.cleaner.* settings reach the cleaner and DescribeConfigs of the broker and of a topic", async () => {
  const dir = tempDir('streamdash-cleaner-config-');
  const file = join(dir, 'server.properties');
  // A 200 ms backoff instead of Kafka's 15 s, and a dirty ratio low enough that every closed wave is due.
  writeFileSync(file, ['log.cleaner.backoff.ms=200', 'log.cleaner.min.cleanable.ratio=0.01', 'log.cleaner.delete.retention.ms=60000', 'log.cleaner.enable=true'].join('\n'));
  const broker = await spawnBroker(join(dir, 'data'), await freePort(), ['--config', file]);
  const raw = await RawClient.connect(broker.port);
  try {
    const node = await describe(raw, BROKER, '1', ['log.cleaner.backoff.ms', 'log.cleaner.enable', 'log.cleaner.min.cleanable.ratio', 'log.cleaner.delete.retention.ms', 'log.cleaner.min.compaction.lag.ms']);
    const seen = (name: string) => [node.get(name)?.value, node.get(name)?.configSource];
    assert.deepEqual(seen('log.cleaner.backoff.ms'), ['200', STATIC_BROKER_CONFIG]);
    // At Kafka's default: reported as the default (an option's value does not tell whether it was typed).
    assert.deepEqual(seen('log.cleaner.enable'), ['true', DEFAULT_CONFIG]);
    assert.deepEqual(seen('log.cleaner.min.cleanable.ratio'), ['0.01', STATIC_BROKER_CONFIG]);
    assert.deepEqual(seen('log.cleaner.delete.retention.ms'), ['60000', STATIC_BROKER_CONFIG]);
    assert.deepEqual(seen('log.cleaner.min.compaction.lag.ms'), ['0', DEFAULT_CONFIG]);

    const topic = 'cleaned-by-broker-configs';
    await createCompacted(broker.bootstrap, topic, { 'segment.ms': '100' });
    const ofTopic = await describe(raw, TOPIC, topic, ['min.cleanable.dirty.ratio', 'delete.retention.ms']);
    assert.deepEqual([ofTopic.get('min.cleanable.dirty.ratio')?.value, ofTopic.get('min.cleanable.dirty.ratio')?.configSource], ['0.01', STATIC_BROKER_CONFIG]);
    assert.deepEqual(ofTopic.get('min.cleanable.dirty.ratio')?.synonyms.map((s) => [s.name, s.value]), [['log.cleaner.min.cleanable.ratio', '0.01'], ['log.cleaner.min.cleanable.ratio', '0.5']]);
    assert.equal(ofTopic.get('delete.retention.ms')?.value, '60000');

    // Three waves over 10 keys, then one record so that the last wave's segment closes.
    await produceWaves(broker.bootstrap, topic, [keys(0, 10).map((k) => [k, `a-${k}`]), keys(0, 10).map((k) => [k, `b-${k}`]), keys(0, 5).map((k) => [k, null]), [['end', 'x']]], 250);
    // With Kafka's 15 s backoff and 0.5 ratio nothing would be cleaned this soon.
    const cleaned = await waitForValue('the clean that the file configured', () => fetchedLog(broker.port, topic), (l) => l.length === 11, { timeoutMs: 8000, detail: () => broker.output() });
    assert.deepEqual(cleaned, [
      ...keys(5, 10).map((k, i): [number, string, string] => [15 + i, k, `b-${k}`]),
      ...keys(0, 5).map((k, i): [number, string, null] => [20 + i, k, null]),
      [25, 'end', 'x'],
    ]);
  } finally {
    raw.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('log.cleaner.enable=false starts no cleaner: a compacted topic keeps every record, and DescribeConfigs says so', async () => {
  const broker = await inProcessBroker({ logCleanerEnable: false, logCleanerBackoffMs: 100 });
  const raw = await RawClient.connect(broker.port);
  try {
    const node = await describe(raw, BROKER, '1', ['log.cleaner.enable']);
    assert.deepEqual([node.get('log.cleaner.enable')?.value, node.get('log.cleaner.enable')?.configSource], ['false', STATIC_BROKER_CONFIG]);
    const topic = 'never-cleaned';
    await createCompacted(broker.bootstrap, topic, { 'segment.ms': '100', 'min.cleanable.dirty.ratio': '0.01' });
    await produceWaves(broker.bootstrap, topic, [keys(0, 10).map((k) => [k, `a-${k}`]), keys(0, 10).map((k) => [k, `b-${k}`]), [['end', 'x']]], 250);
    // Twenty backoffs: a running cleaner would have cleaned the two closed waves by now (the test above sees it do so in about a second).
    await sleep(2000);
    assert.equal((await fetchedLog(broker.port, topic)).length, 21);
  } finally {
    raw.close();
    await broker.stop();
  }
});
