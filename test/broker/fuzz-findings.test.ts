import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiVersions, CreatePartitions, CreateTopics } from '../../src/protocol/apis.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { decodeResponse } from '../../src/protocol/messages.js';
import { inProcessBroker } from '../helpers/broker.js';
import { replayInput } from '../helpers/fuzz/harness.js';
import { fuzzInput, targetsOf, type Target } from '../helpers/fuzz/inputs.js';
import { RawClient } from '../helpers/raw-client.js';

// What the fuzzer (test/broker/fuzz.test.ts) found, each replayed from its seed and index.
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let targets: Target[];

before(async () => {
  broker = await inProcessBroker();
  const c = await RawClient.connect(broker.port);
  // An input is drawn from the APIs advertised: these replay the set the fuzzer saw when it found them, before the ACL APIs (29-31).
  const advertised: Parameters<typeof targetsOf>[0] = (await c.request(ApiVersions, 3, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1' })).apiKeys;
  targets = targetsOf(advertised.filter((k) => k.apiKey < 29 || k.apiKey > 31));
  // The topics the fuzzer's inputs name, so a CreatePartitions input finds its topic.
  const topics = ['fuzz-t0', 'fuzz-t1', 'fuzz-t2', 'fuzz-new'].map((name) => ({ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }));
  await c.request(CreateTopics, 7, { topics, timeoutMs: 1000, validateOnly: false });
  c.close();
});

after(() => broker?.stop());

test('seed 22 index 14987: CreatePartitions to 2^31-1 partitions gets POLICY_VIOLATION at once instead of opening logs until the files run out', async () => {
  const input = fuzzInput(22, 14987, targets);
  assert.equal(input.target.apiKey, CreatePartitions.apiKey, `the input is ${input.mutations.join('; ')}`);
  const started = Date.now();
  const reply = await replayInput(broker.port, input);
  assert.notEqual(reply, 'closed');
  const res = decodeResponse(CreatePartitions, input.target.version, reply as Buffer).body;
  assert.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`);
  assert.ok(res.results.length > 0);
  for (const r of res.results) assert.equal(r.errorCode, ErrorCode.POLICY_VIOLATION, `${r.name}: ${r.errorMessage}`);
});

test('CreateTopics asking for more than 10,000 partitions in all fails every topic with POLICY_VIOLATION, as Kafka', async () => {
  const c = await RawClient.connect(broker.port);
  const res = await c.request(CreateTopics, 7, {
    topics: [
      { name: 'huge-a', numPartitions: 6000, replicationFactor: 1, assignments: [], configs: [] },
      { name: 'huge-b', numPartitions: 6000, replicationFactor: 1, assignments: [], configs: [] },
    ],
    timeoutMs: 1000,
    validateOnly: false,
  });
  assert.deepEqual(
    res.topics.map((t) => [t.name, t.errorCode, t.errorMessage]),
    [
      ['huge-a', ErrorCode.POLICY_VIOLATION, 'Excessively large number of partitions per request.'],
      ['huge-b', ErrorCode.POLICY_VIOLATION, 'Excessively large number of partitions per request.'],
    ],
  );
  const md = await c.request(CreateTopics, 7, { topics: [{ name: 'huge-a', numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
  assert.equal(md.topics[0].errorCode, ErrorCode.NONE, 'the refused request created nothing');
  c.close();
});
