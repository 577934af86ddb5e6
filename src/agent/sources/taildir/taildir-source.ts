import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ChannelProcessor } from '../../channel-processor.js';
import type { BatchSize, Context } from '../../config/context.js';
import { AgentConfigError, ChannelClosedError } from '../../errors.js';
import { newHeaders, type FlumeEvent } from '../../event.js';
import type { Logger } from '../../../log.js';
import { Signal } from '../../signal.js';
import type { Line } from '../line-reader.js';
import type { Source } from '../source.js';
import { readFileGroups, type FileGroup } from './file-group.js';
import { readPositions, writePositions, type Position } from './position-file.js';
import { TailFile } from './tail-file.js';

const RETRY_START_MS = 1000;
const RETRY_MAX_MS = 5000;

/**
 * Flume's `TAILDIR` source: follows every file matching its file groups,
 * one line an event, and records `{inode, pos, file}` per file in a JSON
 * position file every writePosInterval ms and on stop, so a restart resumes
 * where it was (lines after the last write are read again: at-least-once).
 *
 * Files are known by inode, so rotation by rename (access.log →
 * access.log.1) loses nothing: the renamed file is read to its end before
 * the new access.log, even across a restart, where it is found again by
 * inode in the same directory. When the channel is full the source waits
 * and retries the same lines.
 */
export class TaildirSource implements Source {
  readonly type = 'TAILDIR';
  readonly batch: BatchSize;
  private readonly groups: FileGroup[];
  private readonly positionFile: string;
  private readonly skipToEnd: boolean;
  private readonly idleTimeoutMs: number;
  private readonly writePosIntervalMs: number;
  private readonly backoffStepMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxBatchCount: number;
  private readonly fileHeaderKey: string | undefined;
  private readonly byteOffsetHeader: boolean;
  private readonly restored: Map<number, Position>;
  private readonly tails = new Map<number, TailFile>();
  private stopping = false;
  private readonly wake = new Signal();
  private loop: Promise<void> | undefined;
  private posTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    ctx: Context,
    private readonly processor: ChannelProcessor,
    private readonly logger: Logger,
  ) {
    this.groups = readFileGroups(ctx);
    this.positionFile = resolve(ctx.string('positionFile', join(homedir(), '.streamdash', 'taildir_position.json')));
    this.skipToEnd = ctx.bool('skipToEnd', false);
    this.idleTimeoutMs = ctx.int('idleTimeout', 120_000, 1);
    this.writePosIntervalMs = ctx.int('writePosInterval', 3000, 1);
    this.batch = ctx.batchSize('batchSize', 100);
    this.maxBatchCount = ctx.int('maxBatchCount', Number.MAX_SAFE_INTEGER, 1);
    this.backoffStepMs = ctx.int('backoffSleepIncrement', 1000, 1);
    this.maxBackoffMs = ctx.int('maxBackoffSleep', 5000, 1);
    const fileHeaderKey = ctx.string('fileHeaderKey', 'file');
    this.fileHeaderKey = ctx.bool('fileHeader', false) ? fileHeaderKey : undefined;
    this.byteOffsetHeader = ctx.bool('byteOffsetHeader', false);
    ctx.bool('cachePatternMatching', true);
    try {
      this.restored = new Map(readPositions(this.positionFile).map((p) => [p.inode, p]));
    } catch (err) {
      throw new AgentConfigError(ctx.key('positionFile'), (err as Error).message);
    }
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.update(this.skipToEnd);
    this.findRotatedSinceLastRun();
    this.restored.clear();
    this.posTimer = setInterval(() => this.savePositions(), this.writePosIntervalMs);
    this.posTimer.unref();
    this.loop = this.run();
    this.logger.info({ source: this.name, files: [...this.tails.values()].map((t) => ({ file: t.path, pos: t.pos })) }, `TAILDIR source ${this.name} following ${this.tails.size} files`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.notifyAll();
    clearInterval(this.posTimer);
    await this.loop;
    this.savePositions();
    for (const t of this.tails.values()) t.close();
  }

  /** Where each followed file stands, as the position file records it. */
  positions(): Position[] {
    return [...this.tails.values()].map((t) => ({ inode: t.inode, pos: t.pos, file: t.path }));
  }

  private savePositions(): void {
    try {
      writePositions(this.positionFile, this.positions());
    } catch (err) {
      this.logger.error({ err, source: this.name }, `TAILDIR source ${this.name} cannot write ${this.positionFile}; a restart would read lines again`);
    }
  }

  /** Matches the file groups against the disk: new files, renamed ones, truncated ones. */
  private update(skipToEnd: boolean): void {
    const seen = new Set<number>();
    for (const g of this.groups) {
      for (const f of g.matchingFiles()) {
        seen.add(f.inode);
        const tf = this.tails.get(f.inode);
        if (tf) {
          tf.path = f.path;
          tf.matched = true;
          tf.size = f.size;
          if (f.size < tf.pos) {
            this.logger.info({ source: this.name, file: f.path, pos: tf.pos, size: f.size }, 'file is shorter than our position: it was truncated; reading it again from the start');
            tf.restartFromZero();
          }
          continue;
        }
        const r = this.restored.get(f.inode);
        const pos = r ? (f.size >= r.pos ? r.pos : 0) : skipToEnd ? f.size : 0;
        const created = new TailFile(f.inode, f.path, pos, g);
        created.size = f.size;
        this.tails.set(f.inode, created);
      }
    }
    for (const t of this.tails.values()) if (!seen.has(t.inode)) t.matched = false;
  }

  /** A file the last run followed may have been renamed away before it was read to its end: find it by inode. */
  private findRotatedSinceLastRun(): void {
    for (const r of this.restored.values()) {
      if (this.tails.has(r.inode)) continue;
      const dir = dirname(r.file);
      const group = this.groups.find((g) => g.matches(r.file)) ?? this.groups.find((g) => g.dir === dir);
      if (!group) continue;
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const n of names) {
        const path = join(dir, n);
        try {
          const st = statSync(path);
          if (st.ino !== r.inode || !st.isFile() || st.size < r.pos) continue;
          const tf = new TailFile(r.inode, path, r.pos, group);
          tf.matched = false;
          tf.size = st.size;
          this.tails.set(r.inode, tf);
          this.logger.info({ source: this.name, file: path, was: r.file, pos: r.pos }, 'found a rotated file by inode; reading the rest of it');
        } catch {
          // Vanished while we looked: nothing to resume.
        }
        if (this.tails.has(r.inode)) break;
      }
    }
  }

  private async run(): Promise<void> {
    let idleRounds = 0;
    while (!this.stopping) {
      let any = false;
      try {
        this.update(false);
        // Rotated files hold older lines than the files now matching: drain them first.
        const order = [...this.tails.values()].sort((a, b) => Number(a.matched) - Number(b.matched));
        for (const tf of order) {
          if (this.stopping) break;
          if (await this.tail(tf)) any = true;
        }
        this.closeIdle();
      } catch (err) {
        if (err instanceof ChannelClosedError) break;
        this.logger.error({ err, source: this.name }, `TAILDIR source ${this.name}: ${(err as Error).message}`);
      }
      if (any) {
        idleRounds = 0;
      } else {
        idleRounds++;
        await this.wake.wait(Math.min(idleRounds * this.backoffStepMs, this.maxBackoffMs));
      }
    }
  }

  /** Reads and commits the file's new lines, batch by batch; true when any were read. */
  private async tail(tf: TailFile): Promise<boolean> {
    if (!tf.isOpen && tf.size <= tf.pos) return false;
    try {
      tf.open();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.tails.delete(tf.inode);
      return false;
    }
    let any = false;
    for (let batches = 0; batches < this.maxBatchCount && !this.stopping; batches++) {
      const lines = tf.read(this.batch.size);
      if (lines.length === 0) break;
      if (!(await this.put(tf, lines))) return any;
      tf.commit(lines[lines.length - 1]!.end);
      any = true;
      if (lines.length < this.batch.size) break;
    }
    return any;
  }

  /** Puts one batch, waiting and retrying while the channel is full; false when stopped first. */
  private async put(tf: TailFile, lines: Line[]): Promise<boolean> {
    let retryMs = RETRY_START_MS;
    while (!this.stopping) {
      try {
        await this.processor.processEventBatch(lines.map((l) => this.event(tf, l)));
        return true;
      } catch (err) {
        if (err instanceof ChannelClosedError) throw err;
        this.logger.warn({ err, source: this.name, retryInMs: retryMs }, `TAILDIR source ${this.name}: the channel is full or failing; trying the same lines again in ${retryMs} ms`);
        await this.wake.wait(retryMs);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      }
    }
    tf.rewind();
    return false;
  }

  private event(tf: TailFile, line: Line): FlumeEvent {
    const headers = newHeaders();
    for (const k in tf.group.headers) headers[k] = tf.group.headers[k]!;
    if (this.fileHeaderKey) headers[this.fileHeaderKey] = tf.path;
    if (this.byteOffsetHeader) headers.byteoffset = String(line.start);
    return { headers, body: line.body };
  }

  /** Closes files untouched for idleTimeout; rotated-away ones are then forgotten. */
  private closeIdle(): void {
    const now = Date.now();
    for (const tf of [...this.tails.values()]) {
      if (now - tf.lastActivity < this.idleTimeoutMs) continue;
      tf.close();
      if (!tf.matched) this.tails.delete(tf.inode);
    }
  }
}
