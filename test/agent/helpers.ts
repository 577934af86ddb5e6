import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Agent } from '../../src/agent/agent.js';
import type { Channel } from '../../src/agent/channels/channel.js';
import { Context } from '../../src/agent/config/context.js';
import type { FlumeEvent } from '../../src/agent/event.js';
import type { Logger } from '../../src/log.js';
import { tempDir } from '../helpers/broker.js';

const scratch: string[] = [];
process.on('exit', () => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/** A temporary directory removed when the test file's process exits. */
export function scratchDir(): string {
  const d = tempDir('streamdash-agent-test-');
  scratch.push(d);
  return d;
}

/** A real pino logger whose JSON lines the test can read back. */
export function captureLogger(level = 'info'): { logger: Logger; records(): Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  return { logger: pino({ level }, sink), records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** The component properties of one section, as the agent's config reader would hand them over. */
export function contextOf(props: Record<string, string>, prefix = 'a1.sources.r1.'): Context {
  return new Context(prefix, new Map(Object.entries(props)));
}

export function agentFrom(text: string, name = 'a1', logger?: Logger): Agent {
  return Agent.fromProperties(text, name, logger ? { logger } : {});
}

/** Takes and commits everything in the channel now, in transactions of up to `max`. */
export async function drain(channel: Channel, max = 100): Promise<FlumeEvent[]> {
  const out: FlumeEvent[] = [];
  for (;;) {
    const tx = await channel.take(max);
    out.push(...tx.events);
    await tx.commit();
    if (tx.events.length === 0) return out;
  }
}

export function bodies(events: FlumeEvent[]): string[] {
  return events.map((e) => e.body.toString());
}

/** A Flume properties text from `key = value` lines, to keep configs readable inline. */
export function props(...lines: string[]): string {
  return lines.join('\n') + '\n';
}
