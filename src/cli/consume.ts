import type { Command } from 'commander';
import { pino } from 'pino';
import { stopOnInterrupt } from '../apps/interrupt.js';
import { DEFAULT_BOOTSTRAP } from '../client/bootstrap.js';
import { consumeLoop, type TextRecord } from '../client/consumer.js';
import { describe } from '../client/errors.js';
import { parseIntOption } from './options.js';

interface ConsumeFlags {
  topic: string;
  bootstrap: string;
  group?: string;
  fromBeginning?: boolean;
  maxMessages?: number;
  timeoutMs?: number;
  printKey?: boolean;
  printPartition?: boolean;
  printOffset?: boolean;
  printTimestamp?: boolean;
  separator: string;
}

/** `streamdash consume`: kafka-console-consumer. Values go to stdout one a line; everything else to stderr. */
export function registerConsume(program: Command): void {
  program
    .command('consume')
    .description('print the messages of a topic, one value a line, like kafka-console-consumer')
    .requiredOption('--topic <name>', 'topic to read')
    .option('--bootstrap <host:port>', 'broker to connect to', DEFAULT_BOOTSTRAP)
    .option('--group <id>', 'consumer group: resume from its committed offsets and commit as messages are printed')
    .option('--from-beginning', 'start at the oldest message when there is no committed offset (default: only new messages)')
    .option('--max-messages <n>', 'exit after printing this many messages', parseIntOption('--max-messages', 1))
    .option('--timeout-ms <ms>', 'exit when no message has arrived for this long', parseIntOption('--timeout-ms', 1))
    .option('--print-key', 'print the key before the value')
    .option('--print-partition', 'print Partition:<n>')
    .option('--print-offset', 'print Offset:<n>')
    .option('--print-timestamp', 'print CreateTime:<ms since epoch>')
    .option('--separator <s>', 'between the printed fields', '\t')
    .action(async (flags: ConsumeFlags, cmd: Command) => {
      process.exitCode = await consume(flags, cmd);
    });
}

async function consume(flags: ConsumeFlags, cmd: Command): Promise<number> {
  const logger = stderrLogger(cmd);
  const out = new LineWriter(process.stdout);
  const interrupt = stopOnInterrupt();
  // A reader that goes away (`| head`) ends the run like Ctrl-C does, not with an EPIPE crash.
  const readerGone = new AbortController();
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    readerGone.abort();
  };
  process.stdout.on('error', onOutputError);
  try {
    const summary = await consumeLoop(
      {
        bootstrap: flags.bootstrap,
        topics: [flags.topic],
        ...(flags.group !== undefined && { groupId: flags.group }),
        fromBeginning: !!flags.fromBeginning,
        ...(flags.maxMessages !== undefined && { maxMessages: flags.maxMessages }),
        ...(flags.timeoutMs !== undefined && { idleTimeoutMs: flags.timeoutMs }),
        signal: AbortSignal.any([interrupt.signal, readerGone.signal]),
        clientId: 'streamdash-console-consumer',
      },
      (m) => out.write(formatRecord(m, flags)),
    );
    await out.end();
    logger.debug({ reason: summary.reason }, 'consumer stopped');
    process.stderr.write(`Processed a total of ${summary.count} messages\n`);
    return 0;
  } catch (error) {
    await out.end();
    process.stderr.write(`error: ${describe(error)}\n`);
    return 1;
  } finally {
    interrupt.dispose();
    process.stdout.off('error', onOutputError);
  }
}

/** The fields Kafka's console consumer prints, in its order and spelling. */
export function formatRecord(m: TextRecord, flags: Pick<ConsumeFlags, 'printKey' | 'printPartition' | 'printOffset' | 'printTimestamp' | 'separator'>): string {
  const parts: string[] = [];
  if (flags.printTimestamp) parts.push(`CreateTime:${m.timestamp}`);
  if (flags.printPartition) parts.push(`Partition:${m.partition}`);
  if (flags.printOffset) parts.push(`Offset:${m.offset}`);
  if (flags.printKey) parts.push(m.key ?? 'null');
  parts.push(m.value ?? 'null');
  return parts.join(flags.separator);
}

/** Gathers lines and writes them a tick at a time: one write per message would dominate the cost of printing. */
class LineWriter {
  #buffer = '';
  #scheduled = false;
  constructor(readonly stream: NodeJS.WritableStream) {}

  write(line: string): void {
    this.#buffer += line + '\n';
    if (this.#buffer.length >= 1 << 16) this.#flush();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  async end(): Promise<void> {
    this.#flush();
    await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#buffer.length === 0) return;
    this.stream.write(this.#buffer);
    this.#buffer = '';
  }
}

/** Logs go to stderr here: stdout carries only the messages, so it can be piped. */
function stderrLogger(cmd: Command) {
  let root = cmd;
  while (root.parent) root = root.parent;
  return pino({ name: 'consume', level: root.opts().logLevel as string }, pino.destination(2));
}
