import { spawn, type ChildProcess } from 'node:child_process';
import type { ChannelProcessor } from '../channel-processor.js';
import type { BatchSize, Context } from '../config/context.js';
import { eventOf, type FlumeEvent } from '../event.js';
import type { Logger } from '../../log.js';
import { Signal } from '../signal.js';
import type { Source } from './source.js';

/**
 * Flume's `exec` source: runs a command and turns each line of its standard
 * output into an event, `batchSize` lines (or what came in `batchTimeout` ms)
 * per transaction. While a transaction waits for room in a full channel the
 * command's output is not read, so the command blocks on its pipe. If the
 * channel stays full past its keep-alive the batch is dropped and counted:
 * the command cannot be asked to resend, which is why Flume documents that
 * exec may lose data. `tail -F file` keeps following the file.
 */
export class ExecSource implements Source {
  readonly type = 'exec';
  readonly batch: BatchSize;
  private readonly argv: string[];
  private readonly restart: boolean;
  private readonly restartThrottleMs: number;
  private readonly logStdErr: boolean;
  private readonly batchTimeoutMs: number;
  private child: ChildProcess | undefined;
  private pending: FlumeEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly wake = new Signal();
  private runs: Promise<void> | undefined;
  /** Lines lost because the channel stayed full; Flume's documented exec risk. */
  dropped = 0;

  constructor(
    readonly name: string,
    ctx: Context,
    private readonly processor: ChannelProcessor,
    private readonly logger: Logger,
  ) {
    const command = ctx.requiredString('command', 'the exec source');
    const shell = ctx.optionalString('shell');
    this.argv = shell ? [...shell.split(/\s+/), command] : command.split(/\s+/);
    this.restart = ctx.bool('restart', false);
    this.restartThrottleMs = ctx.int('restartThrottle', 10_000, 0);
    this.logStdErr = ctx.bool('logStdErr', false);
    this.batch = ctx.batchSize('batchSize', 20);
    this.batchTimeoutMs = ctx.int('batchTimeout', 3000, 1);
    ctx.oneOf('charset', 'UTF-8', ['UTF-8']);
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.timer = setInterval(() => this.flushSoon(), this.batchTimeoutMs);
    this.runs = this.runCommand();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.wake.notifyAll();
    this.child?.kill('SIGTERM');
    await this.runs;
  }

  private async runCommand(): Promise<void> {
    do {
      const code = await this.runOnce();
      await this.flushSoon();
      if (this.stopping) return;
      if (!this.restart) {
        this.logger.info({ source: this.name, code }, `exec source ${this.name}: command exited (${code}); restart is false, so no more events come from it`);
        return;
      }
      this.logger.info({ source: this.name, code, restartInMs: this.restartThrottleMs }, `exec source ${this.name}: command exited (${code}); restarting`);
      await this.wake.wait(this.restartThrottleMs);
    } while (!this.stopping);
  }

  private runOnce(): Promise<number | string> {
    return new Promise((resolve) => {
      const child = spawn(this.argv[0]!, this.argv.slice(1), { stdio: ['ignore', 'pipe', this.logStdErr ? 'pipe' : 'ignore'] });
      this.child = child;
      child.on('error', (err) => {
        this.logger.error({ err, source: this.name }, `exec source ${this.name} cannot run "${this.argv.join(' ')}": ${err.message}; fix ${this.name}.command`);
        resolve(err.message);
      });
      this.readLines(child.stdout!, (line) => {
        this.pending.push(eventOf(line));
        if (this.pending.length >= this.batch.size) {
          child.stdout!.pause();
          void this.flushSoon().then(() => child.stdout!.resume());
        }
      });
      if (child.stderr) this.readLines(child.stderr, (line) => this.logger.info({ source: this.name, stderr: line.toString('utf8') }, `exec source ${this.name} stderr`));
      child.on('close', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    });
  }

  /** Splits a stream into lines as BufferedReader.readLine does: \n, \r\n or \r end a line; a last line without one counts. */
  private readLines(stream: NodeJS.ReadableStream, onLine: (line: Buffer) => void): void {
    let rest = Buffer.alloc(0);
    let skipLf = false;
    stream.on('data', (chunk: Buffer) => {
      const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      if (skipLf && buf[0] === 10) start = 1;
      skipLf = false;
      for (let i = start; i < buf.length; i++) {
        const c = buf[i];
        if (c !== 10 && c !== 13) continue;
        onLine(Buffer.from(buf.subarray(start, i)));
        if (c === 13) {
          if (i + 1 === buf.length) skipLf = true;
          else if (buf[i + 1] === 10) i++;
        }
        start = i + 1;
      }
      rest = Buffer.from(buf.subarray(start));
    });
    stream.on('end', () => {
      if (rest.length) onLine(rest);
    });
  }

  private flushSoon(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flush());
    return this.flushing;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.batch.size);
    try {
      await this.processor.processEventBatch(batch);
    } catch (err) {
      this.dropped += batch.length;
      this.logger.warn(
        { err, source: this.name, lines: batch.length, droppedTotal: this.dropped },
        `exec source ${this.name} dropped ${batch.length} lines: ${(err as Error).message}. The command cannot resend them (Flume's documented exec behaviour); use spooldir or TAILDIR where every line must arrive`,
      );
    }
    if (this.pending.length >= this.batch.size) await this.flush();
  }
}
