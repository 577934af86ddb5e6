import type { Command } from 'commander';
import { runAccessLog } from '../apps/access-log/generator-file.js';
import { stopOnInterrupt } from '../apps/interrupt.js';
import { PAGE_BEHAVIOR_TOPIC, PageBehaviorGenerator, runPageBehavior } from '../apps/page-behavior/generator.js';
import { ProgressReporter } from '../apps/progress.js';
import { writeSyntheticUserLog } from '../apps/taobao/synthetic.js';
import { DEFAULT_BOOTSTRAP } from '../client/bootstrap.js';
import { describe } from '../client/errors.js';
import { BatchSender, createProducer } from '../client/index.js';
import { loggerFor, parseIntOption } from './options.js';

/** `streamdash gen taobao|page-behavior|access-log`: the seeds' data, made up deterministically from --seed. */
export function registerGen(program: Command): void {
  const gen = program.command('gen').description('generate the labs’ data: a Taobao user log, page-behaviour messages, an access log');
  const seed = (cmd: Command) => cmd.option('--seed <n>', 'same seed, same data', parseIntOption('--seed'), 1);

  seed(gen.command('taobao').description('write a synthetic user_log.csv whose distributions follow the real sample'))
    .option('--rows <n>', 'rows to write, after the header', parseIntOption('--rows', 1), 10_000)
    .option('--out <path>', 'file to write', 'user_log.csv')
    .action(async (flags: { rows: number; out: string; seed: number }, cmd: Command) => {
      const logger = loggerFor(cmd, 'gen-taobao');
      const progress = new ProgressReporter({ label: 'gen taobao', verb: 'written', logger });
      try {
        const done = await writeSyntheticUserLog(flags.out, flags.rows, flags.seed, (p) => progress.update({ count: p.rows, fraction: p.rows / flags.rows }));
        progress.stop();
        logger.info({ out: flags.out, rows: done.rows, bytes: done.bytes, seed: flags.seed }, 'synthetic user log written');
      } catch (error) {
        progress.stop();
        process.stderr.write(`error: could not write ${flags.out}: ${describe(error)}\n`);
        process.exitCode = 1;
      }
    });

  seed(gen.command('page-behavior').description('every interval, send 1–50 messages like page37|5|1.5119122|-1 (seed 001)'))
    .option('--bootstrap <host:port>', 'broker to connect to', DEFAULT_BOOTSTRAP)
    .option('--topic <name>', 'topic to send to', PAGE_BEHAVIOR_TOPIC)
    .option('--interval-ms <ms>', 'time between batches', parseIntOption('--interval-ms', 1), 5000)
    .option('--min <n>', 'fewest messages a batch', parseIntOption('--min', 1), 1)
    .option('--max <n>', 'most messages a batch', parseIntOption('--max', 1), 50)
    .option('--intervals <n>', 'stop after this many batches (default: run until Ctrl-C)', parseIntOption('--intervals', 1))
    .action(async (flags: { bootstrap: string; topic: string; intervalMs: number; min: number; max: number; intervals?: number; seed: number }, cmd: Command) => {
      const logger = loggerFor(cmd, 'gen-page-behavior');
      const producer = createProducer(flags.bootstrap, 'streamdash-gen-page-behavior');
      const interrupt = stopOnInterrupt();
      try {
        const generator = new PageBehaviorGenerator(flags.seed, { minMessages: flags.min, maxMessages: flags.max });
        const total = await runPageBehavior(
          {
            generator,
            topic: flags.topic,
            intervalMs: flags.intervalMs,
            ...(flags.intervals !== undefined && { intervals: flags.intervals }),
            signal: interrupt.signal,
            onBatch: (sent, sum) => logger.info({ topic: flags.topic, sent, total: sum }, `${sent} user behavior messages produced`),
          },
          new BatchSender(producer),
        );
        logger.info({ total }, 'page-behavior generator stopped');
      } catch (error) {
        process.stderr.write(`error: ${describe(error)}\n`);
        process.exitCode = 1;
      } finally {
        interrupt.dispose();
        await producer.close();
      }
    });

  seed(gen.command('access-log').description('append course access-log lines to a file, with rotation (seed 002)'))
    .option('--out <path>', 'log file to append to', 'logs/access.log')
    .option('--rate <lines>', 'lines a second; 0 writes as fast as possible', parseIntOption('--rate'), 100)
    .option('--lines <n>', 'stop after this many lines (default: run until Ctrl-C)', parseIntOption('--lines', 1))
    .option('--rotate-bytes <n>', 'rename the file to <out>.1 and start a new one before it passes this size (0: never)', parseIntOption('--rotate-bytes'), 0)
    .option('--rotate-keep <n>', 'rotated files to keep (<out>.1 … <out>.<n>)', parseIntOption('--rotate-keep', 1), 9)
    .action(async (flags: { out: string; rate: number; lines?: number; rotateBytes: number; rotateKeep: number; seed: number }, cmd: Command) => {
      const logger = loggerFor(cmd, 'gen-access-log');
      const interrupt = stopOnInterrupt();
      let lastStatus = 0;
      try {
        const written = await runAccessLog({
          out: flags.out,
          seed: flags.seed,
          rate: flags.rate,
          rotateBytes: flags.rotateBytes,
          keep: flags.rotateKeep,
          ...(flags.lines !== undefined && { lines: flags.lines }),
          signal: interrupt.signal,
          onProgress: (count, rotations) => {
            const now = Date.now();
            if (now - lastStatus < 5000) return;
            lastStatus = now;
            logger.info({ out: flags.out, written: count, rotations }, 'access log status');
          },
        });
        logger.info({ out: flags.out, written }, 'access-log generator stopped');
      } catch (error) {
        process.stderr.write(`error: ${describe(error)}\n`);
        process.exitCode = 1;
      } finally {
        interrupt.dispose();
      }
    });
}
