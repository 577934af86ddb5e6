import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DeadLetterFile } from '../apps/dead-letter.js';
import { stopOnInterrupt } from '../apps/interrupt.js';
import { ProgressReporter } from '../apps/progress.js';
import { replayUserLog, type ReplayProgress } from '../apps/taobao/replay.js';
import { formatReplaySummary } from '../apps/taobao/summary.js';
import { DEFAULT_TOPIC, MESSAGE_FORMATS, type MessageFormat } from '../apps/taobao/user-log.js';
import { DEFAULT_BOOTSTRAP } from '../client/bootstrap.js';
import { describe } from '../client/errors.js';
import { BatchSender, createProducer, type TextMessage } from '../client/index.js';
import { loggerFor, parseIntOption } from './options.js';

/**
 * Options of `produce` itself. The sub-command shares --topic, --bootstrap and
 * --dead-letter rather than declaring its own: commander hands every option
 * that follows `produce taobao` to `produce` first, so a second declaration
 * on the sub-command would never receive a value.
 */
interface SharedFlags {
  topic?: string;
  bootstrap: string;
  deadLetter?: string;
  keySeparator?: string;
  headers?: Record<string, string>;
}

interface TaobaoFlags {
  file: string;
  format: MessageFormat;
  rate: number;
  loop?: boolean;
  limit?: number;
}

/**
 * `streamdash produce --topic T`: stdin lines become messages, as
 * kafka-console-producer does. `streamdash produce taobao`: the seeds'
 * producer.py, replaying user_log.csv.
 */
export function registerProduce(program: Command): void {
  const produce = program
    .command('produce')
    .description('send stdin lines to a topic, one message a line; `produce taobao` replays the Taobao user log')
    .option('--topic <name>', 'topic to send to (for taobao, default: sex for gender, user_log for csv and json)')
    .option('--bootstrap <host:port>', 'broker to connect to', DEFAULT_BOOTSTRAP)
    .option('--key-separator <sep>', 'split each line at the first <sep> into key and value')
    .option('--headers <k:v,…>', 'headers to put on every message', parseHeaders)
    .option('--dead-letter <path>', 'where bad lines are set aside (default: produce.dead-letter.jsonl, for taobao <file name>.dead-letter.jsonl, here)')
    .action(async (flags: SharedFlags, cmd: Command) => {
      if (!flags.topic) cmd.error('error: `produce` needs --topic <name> (or a sub-command: `produce taobao --file user_log.csv`)');
      process.exitCode = await produceStdin({ ...flags, topic: flags.topic!, deadLetter: flags.deadLetter ?? 'produce.dead-letter.jsonl' }, cmd);
    });

  produce
    .command('taobao')
    .description("replay user_log.csv: by default the gender column to topic `sex`, 10 rows a second, as the seeds' producer.py")
    .requiredOption('--file <path>', 'the user_log.csv to replay (make one with `streamdash gen taobao`)')
    .addOption(new Option('--format <format>', 'gender: the gender column; csv: the row as read; json: the typed row').choices(MESSAGE_FORMATS).default('gender'))
    .option('--rate <rows>', 'rows a second; 0 sends as fast as possible', parseIntOption('--rate'), 10)
    .option('--loop', 'start over at the end of the file')
    .option('--limit <rows>', 'stop after this many rows', parseIntOption('--limit', 1))
    .addHelpText('after', '\n--topic, --bootstrap and --dead-letter are options of `produce` and apply here too (see `streamdash produce --help`).')
    .action(async (flags: TaobaoFlags, cmd: Command) => {
      process.exitCode = await produceTaobao(flags, cmd.parent!.opts<SharedFlags>(), cmd);
    });
}

async function produceTaobao(flags: TaobaoFlags, shared: SharedFlags, cmd: Command): Promise<number> {
  const logger = loggerFor(cmd, 'produce-taobao');
  const topic = shared.topic ?? DEFAULT_TOPIC[flags.format];
  const deadLetterPath = shared.deadLetter ?? `${basename(flags.file)}.dead-letter.jsonl`;
  const deadLetter = new DeadLetterFile(deadLetterPath);
  const producer = createProducer(shared.bootstrap, 'streamdash-produce-taobao');
  const sender = new BatchSender(producer);
  const progress = new ProgressReporter({ label: 'taobao', verb: 'sent', logger });
  const interrupt = stopOnInterrupt(() => logger.info('interrupted: flushing what is in flight'));
  logger.info({ file: flags.file, topic, format: flags.format, rate: flags.rate, loop: !!flags.loop, limit: flags.limit }, 'replaying the Taobao user log');
  try {
    const summary = await replayUserLog(
      { ...flags, topic, deadLetter, signal: interrupt.signal, onProgress: (p) => progress.update({ count: p.queued, bad: p.bad, fraction: fraction(p, flags) }) },
      sender,
    );
    progress.stop();
    process.stderr.write(formatReplaySummary(summary, topic, deadLetterPath) + '\n');
    logger.info({ sent: summary.sent, bad: summary.bad, elapsedMs: Math.round(summary.elapsedMs), interrupted: summary.interrupted }, 'replay finished');
    if (summary.failure) return 1;
    return summary.interrupted ? 130 : 0;
  } catch (error) {
    progress.stop();
    process.stderr.write(`error: ${describe(error)}\n`);
    return 1;
  } finally {
    interrupt.dispose();
    deadLetter.close();
    await producer.close();
  }
}

function fraction(p: ReplayProgress, flags: TaobaoFlags): number | undefined {
  const ofFile = p.fileBytes > 0 ? p.bytesRead / p.fileBytes : 1;
  if (flags.limit === undefined) return flags.loop ? undefined : ofFile;
  const ofLimit = p.queued / flags.limit;
  return flags.loop ? ofLimit : Math.max(ofLimit, ofFile);
}

async function produceStdin(flags: SharedFlags & { topic: string; deadLetter: string }, cmd: Command): Promise<number> {
  const logger = loggerFor(cmd, 'produce');
  const producer = createProducer(flags.bootstrap, 'streamdash-console-producer');
  const sender = new BatchSender(producer);
  const deadLetter = new DeadLetterFile(flags.deadLetter);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  let scheduled = false;
  try {
    await new Promise<void>((resolve, reject) => {
      // Lines that arrive together go out in one request; a line typed alone goes out at once.
      const sendPending = () => {
        scheduled = false;
        sender.dispatch();
        if (sender.full) {
          lines.pause();
          sender.ready().then(() => lines.resume(), reject);
        }
      };
      lines.on('line', (line) => {
        lineNo++;
        const message = toMessage(line, flags);
        if (message) sender.push(message);
        else deadLetter.write({ line: lineNo, reason: `no key separator "${flags.keySeparator}" in the line`, text: line });
        if (!scheduled) {
          scheduled = true;
          setImmediate(sendPending);
        }
      });
      lines.once('close', resolve);
    });
    await sender.flush();
    logger.info({ topic: flags.topic, sent: sender.acked, bad: deadLetter.count }, 'stdin sent');
    if (deadLetter.count > 0) process.stderr.write(`${deadLetter.count} line(s) had no key separator; they were not sent and are in ${flags.deadLetter}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${describe(error)}\n`);
    return 1;
  } finally {
    // After a failed send, stdin may still be open; without this the process would wait on it forever.
    lines.close();
    process.stdin.destroy();
    deadLetter.close();
    await producer.close();
  }
}

function toMessage(line: string, flags: SharedFlags & { topic: string }): TextMessage | undefined {
  const headers = flags.headers ? { headers: flags.headers } : {};
  if (flags.keySeparator === undefined) return { topic: flags.topic, value: line, ...headers };
  const at = line.indexOf(flags.keySeparator);
  if (at === -1) return undefined;
  return { topic: flags.topic, key: line.slice(0, at), value: line.slice(at + flags.keySeparator.length), ...headers };
}

function parseHeaders(value: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const at = pair.indexOf(':');
    if (at < 1) throw new InvalidArgumentError(`--headers takes key:value pairs separated by commas, e.g. source:cli,env:dev; got "${pair}"`);
    headers[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return headers;
}
