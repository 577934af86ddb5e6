import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import type { ChannelProcessor } from '../channel-processor.js';
import type { BatchSize, Context } from '../config/context.js';
import { AgentConfigError } from '../errors.js';
import { newHeaders, type FlumeEvent } from '../event.js';
import type { Logger } from '../../log.js';
import { Signal } from '../signal.js';
import { LineReader } from './line-reader.js';
import type { Source } from './source.js';

interface Tracker {
  file: string;
  pos: number;
}

/**
 * Flume's `spooldir` source: reads whole files dropped into a directory, one
 * line an event, and marks each done (renamed with fileSuffix, or deleted)
 * once every line is committed. The position in the current file is kept in
 * trackerDir, so a restart resumes there. When the channel is full it waits
 * and retries the same lines: nothing is skipped. Files must not change once
 * in the directory, and names must not be reused, as in Flume.
 */
export class SpoolDirSource implements Source {
  readonly type = 'spooldir';
  readonly batch: BatchSize;
  private readonly dir: string;
  private readonly suffix: string;
  private readonly deleteImmediately: boolean;
  private readonly fileHeaderKey: string | undefined;
  private readonly basenameHeaderKey: string | undefined;
  private readonly include: RegExp;
  private readonly ignore: RegExp;
  private readonly trackerDir: string;
  private readonly order: 'oldest' | 'youngest' | 'random';
  private readonly recursive: boolean;
  private readonly pollDelayMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxLineLength: number;
  private stopping = false;
  private readonly wake = new Signal();
  private loop: Promise<void> | undefined;
  /** Files completed so far by this run; tests and logs read it. */
  completed = 0;

  constructor(
    readonly name: string,
    ctx: Context,
    private readonly processor: ChannelProcessor,
    private readonly logger: Logger,
  ) {
    this.dir = ctx.requiredString('spoolDir', 'the spooldir source');
    if (!existsSync(this.dir) || !statSync(this.dir).isDirectory()) {
      throw new AgentConfigError(ctx.key('spoolDir'), `${this.dir} is not a directory; create it first, as Flume requires`);
    }
    this.suffix = ctx.string('fileSuffix', '.COMPLETED');
    this.deleteImmediately = ctx.oneOf('deletePolicy', 'never', ['never', 'immediate']) === 'immediate';
    const fileHeaderKey = ctx.string('fileHeaderKey', 'file');
    this.fileHeaderKey = ctx.bool('fileHeader', false) ? fileHeaderKey : undefined;
    const basenameHeaderKey = ctx.string('basenameHeaderKey', 'basename');
    this.basenameHeaderKey = ctx.bool('basenameHeader', false) ? basenameHeaderKey : undefined;
    this.include = ctx.regex('includePattern', '^.*$');
    this.ignore = ctx.regex('ignorePattern', '^$');
    const tracker = ctx.string('trackerDir', '.flumespool');
    this.trackerDir = isAbsolute(tracker) ? tracker : join(this.dir, tracker);
    const policy = ctx.oneOf('trackingPolicy', 'rename', ['rename', 'tracker_dir']);
    if (policy !== 'rename') throw new AgentConfigError(ctx.key('trackingPolicy'), `"${policy}" is not supported; only rename is`);
    this.order = ctx.oneOf('consumeOrder', 'oldest', ['oldest', 'youngest', 'random']);
    this.recursive = ctx.bool('recursiveDirectorySearch', false);
    this.pollDelayMs = ctx.int('pollDelay', 500, 1);
    this.maxBackoffMs = ctx.int('maxBackoff', 4000, 1);
    this.batch = ctx.batchSize('batchSize', 100);
    ctx.oneOf('inputCharset', 'UTF-8', ['UTF-8']);
    ctx.oneOf('deserializer', 'LINE', ['LINE']);
    this.maxLineLength = ctx.int('deserializer.maxLineLength', 2048, 1);
  }

  async start(): Promise<void> {
    mkdirSync(this.trackerDir, { recursive: true });
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.notifyAll();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const file = this.nextFile();
      if (!file) {
        await this.wake.wait(this.pollDelayMs);
        continue;
      }
      try {
        if (await this.consume(file)) this.finish(file);
      } catch (err) {
        this.logger.error({ err, source: this.name, file }, `spooldir source ${this.name} cannot process ${file}: ${(err as Error).message}`);
        await this.wake.wait(this.pollDelayMs);
      }
    }
  }

  private trackerPath(): string {
    return join(this.trackerDir, '.flumespool-main.meta');
  }

  private readTracker(): Tracker | undefined {
    try {
      return JSON.parse(readFileSync(this.trackerPath(), 'utf8')) as Tracker;
    } catch {
      return undefined;
    }
  }

  /** The file being read when the agent stopped comes first; then the others in consumeOrder. */
  private nextFile(): string | undefined {
    const t = this.readTracker();
    if (t && existsSync(t.file)) return t.file;
    const candidates = this.list(this.dir);
    if (candidates.length === 0) return undefined;
    if (this.order === 'random') return candidates[Math.floor(Math.random() * candidates.length)]!.path;
    candidates.sort((a, b) => a.mtime - b.mtime || a.path.localeCompare(b.path));
    return (this.order === 'oldest' ? candidates[0] : candidates[candidates.length - 1])!.path;
  }

  private list(dir: string): Array<{ path: string; mtime: number }> {
    const out: Array<{ path: string; mtime: number }> = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.name.startsWith('.') || path === this.trackerDir) continue;
      if (entry.isDirectory()) {
        if (this.recursive) out.push(...this.list(path));
        continue;
      }
      if (!entry.isFile() || entry.name.endsWith(this.suffix) || this.ignore.test(entry.name) || !this.include.test(entry.name)) continue;
      out.push({ path, mtime: statSync(path).mtimeMs });
    }
    return out;
  }

  /** Reads the file to its end, batch by batch; false when stopped first. */
  private async consume(file: string): Promise<boolean> {
    const t = this.readTracker();
    const fd = openSync(file, 'r');
    try {
      const reader = new LineReader(fd, t?.file === file ? t.pos : 0, this.maxLineLength, true);
      let backoff = 250;
      while (!this.stopping) {
        const lines = reader.read(this.batch.size);
        if (lines.length === 0) return true;
        try {
          await this.processor.processEventBatch(lines.map((l) => this.event(file, l.body)));
          backoff = 250;
        } catch (err) {
          reader.rewind();
          this.logger.warn({ err, source: this.name, retryInMs: backoff }, `spooldir source ${this.name}: the channel is full and cannot take data now; trying again in ${backoff} ms`);
          await this.wake.wait(backoff);
          backoff = Math.min(backoff * 2, this.maxBackoffMs);
          continue;
        }
        reader.commit(lines[lines.length - 1]!.end);
        writeFileSync(this.trackerPath(), JSON.stringify({ file, pos: reader.committed } satisfies Tracker));
      }
      return false;
    } finally {
      closeSync(fd);
    }
  }

  private event(file: string, body: Buffer): FlumeEvent {
    const headers = newHeaders();
    if (this.fileHeaderKey) headers[this.fileHeaderKey] = file;
    if (this.basenameHeaderKey) headers[this.basenameHeaderKey] = basename(file);
    return { headers, body };
  }

  private finish(file: string): void {
    if (this.deleteImmediately) {
      unlinkSync(file);
    } else {
      const done = file + this.suffix;
      if (existsSync(done)) {
        throw new Error(`${relative(this.dir, done)} already exists: file name has been re-used with different files, which breaks spooling assumptions; rename one of them`);
      }
      renameSync(file, done);
    }
    unlinkSync(this.trackerPath());
    this.completed++;
    this.logger.info({ source: this.name, file }, `spooldir source ${this.name} finished ${file}`);
  }
}
