import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Channel } from '../channels/channel.js';
import type { BatchSize, Context } from '../config/context.js';
import { AgentConfigError } from '../errors.js';
import type { Logger } from '../../log.js';
import { takeAndDeliver, type Sink, type Status } from './sink.js';

const NEWLINE = Buffer.from('\n');

/**
 * Flume's `file_roll` sink: event bodies, one a line (the TEXT serializer),
 * into `sink.directory`, starting a new file every `sink.rollInterval`
 * seconds (0: never). Files are named like Flume's: `<start ms>-<n>`.
 */
export class FileRollSink implements Sink {
  readonly type = 'file_roll';
  readonly batch: BatchSize;
  private readonly directory: string;
  private readonly rollIntervalMs: number;
  private readonly prefix: string;
  private readonly extension: string;
  private readonly series = Date.now();
  private index = 0;
  private fh: FileHandle | undefined;
  private rollDue = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    ctx: Context,
    readonly channel: Channel,
    private readonly logger: Logger,
  ) {
    this.directory = ctx.requiredString('sink.directory', 'the file_roll sink');
    this.rollIntervalMs = ctx.int('sink.rollInterval', 30, 0) * 1000;
    const serializer = ctx.string('sink.serializer', 'TEXT');
    if (serializer.toUpperCase() !== 'TEXT') throw new AgentConfigError(ctx.key('sink.serializer'), `"${serializer}" is not supported; only TEXT (the default) is`);
    ctx.bool('sink.serializer.appendNewline', true);
    this.prefix = ctx.string('sink.pathManager.prefix', '');
    this.extension = ctx.string('sink.pathManager.extension', '');
    this.batch = ctx.batchSize('batchSize', 100);
  }

  async start(): Promise<void> {
    mkdirSync(this.directory, { recursive: true });
    await this.openNext();
    if (this.rollIntervalMs > 0) {
      this.timer = setInterval(() => (this.rollDue = true), this.rollIntervalMs);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.fh?.close();
    this.fh = undefined;
  }

  /** The file being written now. */
  currentFile(): string {
    return join(this.directory, `${this.prefix}${this.series}-${this.index}${this.extension ? '.' + this.extension : ''}`);
  }

  private async openNext(): Promise<void> {
    await this.fh?.close();
    this.index++;
    this.fh = await open(this.currentFile(), 'a');
    this.logger.debug({ sink: this.name, file: this.currentFile() }, 'file_roll sink opened a new file');
  }

  async process(): Promise<Status> {
    if (this.rollDue) {
      this.rollDue = false;
      await this.openNext();
    }
    return takeAndDeliver(this.name, this.channel, this.batch.size, async (events) => {
      const parts: Buffer[] = [];
      for (const e of events) parts.push(e.body, NEWLINE);
      const buf = Buffer.concat(parts);
      let done = 0;
      while (done < buf.length) done += (await this.fh!.write(buf, done)).bytesWritten;
    });
  }
}
