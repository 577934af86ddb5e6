/**
 * Test helper process: puts numbered events into a file channel in `argv[2]`
 * as fast as it can and prints how many are committed after each put, until
 * the test kills it with SIGKILL.
 */
import { join } from 'node:path';
import { FileChannel } from '../../../../src/agent/channels/file/file-channel.js';
import { fileChannelOptions } from '../../../../src/agent/channels/file/options.js';
import { Context } from '../../../../src/agent/config/context.js';
import { eventOf } from '../../../../src/agent/event.js';

const dir = process.argv[2]!;
const ctx = new Context('a1.channels.c1.', new Map([
  ['checkpointDir', join(dir, 'cp')],
  ['dataDirs', join(dir, 'data')],
]));
const channel = new FileChannel('c1', fileChannelOptions(ctx));
await channel.start();
let n = 0;
for (;;) {
  const events = Array.from({ length: 50 }, (_, i) => eventOf(`line-${n + i}`));
  await channel.put(events);
  n += events.length;
  process.stdout.write(`${n}\n`);
}
