import { mkdirSync, watch, type FSWatcher } from 'node:fs';
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
import { filesIn, unseenRotations } from './rotation.js';
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
  /** Fired by directory watches, so new lines and rotations are seen at once rather than at the next poll. */
  private readonly changed = new Signal();
  private watchers: FSWatcher[] = [];
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
    mkdirSync(dirname(this.positionFile), { recursive: true });
    this.update(this.skipToEnd);
    this.findRotatedSinceLastRun();
    this.restored.clear();
    // Recorded at once, so a crash before the first interval still finds these files by inode.
    this.savePositions();
    this.posTimer = setInterval(() => this.savePositions(), this.writePosIntervalMs);
    this.posTimer.unref();
    this.watchDirectories();
    this.loop = this.run();
    this.logger.info({ source: this.name, files: [...this.tails.values()].map((t) => ({ file: t.path, pos: t.pos })) }, `TAILDIR source ${this.name} following ${this.tails.size} files`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    this.wake.notifyAll();
    this.changed.notifyAll();
    clearInterval(this.posTimer);
    await this.loop;
    this.savePositions();
    for (const t of this.tails.values()) t.close();
  }

  /** Polling (backoffSleepIncrement up to maxBackoffSleep) still runs; a watch only shortens the wait. */
  private watchDirectories(): void {
    for (const dir of new Set(this.groups.map((g) => g.dir))) {
      try {
        const w = watch(dir, () => this.changed.notifyAll());
        w.on('error', (err) => this.logger.debug({ err, dir }, 'directory watch stopped; polling goes on'));
        this.watchers.push(w);
      } catch (err) {
        this.logger.debug({ err, dir }, 'cannot watch directory; polling only');
      }
    }
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

  /**
   * Matches the file groups against the disk: new files are opened at once,
   * so a later rename cannot hide them; files no longer matched were rotated
   * away and are read to their end; truncated ones are read again.
   */
  private update(skipToEnd: boolean): void {
    const seen = new Set<number>();
    for (const g of this.groups) {
      for (const f of g.matchingFiles()) {
        seen.add(f.inode);
        const tf = this.tails.get(f.inode);
        if (tf) {
          tf.path = f.path;
          tf.matchedName = f.name;
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
        this.track(new TailFile(f.inode, f.path, pos, g), f.size);
      }
    }
    const rotatedAway: TailFile[] = [];
    for (const tf of [...this.tails.values()]) {
      if (seen.has(tf.inode)) continue;
      if (tf.matched) rotatedAway.push(tf);
      tf.matched = false;
      if (!tf.isOpen && !this.relocate(tf)) this.tails.delete(tf.inode);
    }
    for (const tf of rotatedAway) this.adoptUnseenRotations(tf);
  }

  /** Opens and follows a file; if its name already holds another file, finds it by inode in its directory. */
  private track(tf: TailFile, size: number): void {
    tf.size = size;
    try {
      if (tf.open() || this.relocate(tf)) this.tails.set(tf.inode, tf);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || this.relocate(tf)) this.tails.set(tf.inode, tf);
    }
  }

  /** Finds a file by inode in its group's directory and opens it there; false when it is gone. */
  private relocate(tf: TailFile): boolean {
    const found = filesIn(tf.group.dir).find((e) => e.inode === tf.inode);
    if (!found || found.size < tf.pos) return false;
    tf.path = found.path;
    tf.size = found.size;
    try {
      return tf.open();
    } catch {
      return false;
    }
  }

  /**
   * After `rotated` moved away, picks up rotated copies of the same log that
   * are newer than it and that we never saw: the log rotated more than once
   * between two looks (or while the agent was down). They are read from the start.
   */
  private adoptUnseenRotations(rotated: TailFile): void {
    const since = rotated.mtimeMs();
    if (since === undefined) return;
    // At start-up the position file still names files not yet re-opened: they are known, not unseen.
    const known = (inode: number) => this.tails.has(inode) || this.restored.has(inode);
    for (const e of unseenRotations(filesIn(rotated.group.dir), rotated.matchedName, since, known)) {
      const tf = new TailFile(e.inode, e.path, 0, rotated.group);
      tf.matchedName = rotated.matchedName;
      tf.matched = false;
      this.track(tf, e.size);
      this.logger.info({ source: this.name, file: e.path }, 'found a rotated file never seen under its original name; reading it');
    }
  }

  /** A file the last run followed may have been renamed away before it was read to its end: find it by inode. */
  private findRotatedSinceLastRun(): void {
    for (const r of this.restored.values()) {
      if (this.tails.has(r.inode)) continue;
      const group = this.groups.find((g) => g.matches(r.file)) ?? this.groups.find((g) => g.dir === dirname(r.file));
      if (!group) continue;
      const tf = new TailFile(r.inode, r.file, r.pos, group);
      tf.matched = false;
      if (!this.relocate(tf)) continue;
      this.tails.set(tf.inode, tf);
      this.logger.info({ source: this.name, file: tf.path, was: r.file, pos: r.pos }, 'found a rotated file by inode; reading the rest of it');
      this.adoptUnseenRotations(tf);
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
        await this.changed.wait(Math.min(idleRounds * this.backoffStepMs, this.maxBackoffMs));
      }
    }
  }

  /** Reads and commits the file's new lines, batch by batch; true when any were read. */
  private async tail(tf: TailFile): Promise<boolean> {
    if (!tf.isOpen) {
      if (tf.size <= tf.pos) return false;
      let opened = false;
      try {
        opened = tf.open();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      // Renamed or deleted since the scan: the next scan finds it by inode, or forgets it.
      if (!opened && !this.relocate(tf)) return false;
    }
    let any = false;
    for (let batches = 0; batches < this.maxBatchCount && !this.stopping; batches++) {
      const lines = tf.read(this.batch.size);
      if (lines.length === 0) break;
      if (!(await this.put(tf, lines))) {
        tf.rewind();
        break;
      }
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
