import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Agent } from '../../src/agent/agent.js';
import { REPO_ROOT } from '../helpers/broker.js';
import { captureLogger, scratchDir } from './helpers.js';

const DIR = join(REPO_ROOT, 'examples/flume');
const AGENTS: Record<string, string[]> = {
  'netcat-memory-logger.conf': ['a1'],
  'exec-memory-logger.conf': ['a1'],
  'exec-memory-avro.conf': ['a1'],
  'avro-memory-logger.conf': ['a2'],
  'avro-memory-kafka.conf': ['avro-memory-kafka'],
  'taildir-file-kafka.conf': ['access-agent'],
};

test('every example is listed here, and builds without a warning', () => {
  assert.deepEqual(readdirSync(DIR).filter((f) => f.endsWith('.conf')).sort(), Object.keys(AGENTS).sort());
  const data = scratchDir();
  for (const [file, names] of Object.entries(AGENTS)) {
    for (const name of names) {
      const log = captureLogger('warn');
      const agent = Agent.fromProperties(readFileSync(join(DIR, file), 'utf8'), name, { logger: log.logger, env: { ACCESS_LOG: join(data, 'access.log'), AGENT_DATA: data }, file });
      assert.ok(agent.channels.size > 0);
      assert.deepEqual(log.records().map((r) => r.msg), [], `${file} (${name})`);
    }
  }
});
