import { mkdirSync, unlinkSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { silentLogger, type Logger } from '../../../log.js';
import { Deque } from '../../deque.js';
import { ChannelClosedError, ChannelFullError, TransactionTooLargeError } from '../../errors.js';
import type { FlumeEvent } from '../../event.js';
import { Signal } from '../../signal.js';
import type { Channel, TakeTransaction } from '../channel.js';
import { readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint.js';
import { lockDirectory } from './dir-lock.js';
import { listLogFiles, logFilePath } from './log-files.js';
import { scanLogFile } from './log-scanner.js';
import { LogWriter, type LogPosition } from './log-writer.js';
import type { FileChannelOptions } from './options.js';
import { decodeEvent, encodePut, encodeTake, toRanges } from './record-codec.js';

/** Where one stored event lives on disk; `event` is kept too while the memory cache has room. */
interface Slot {
  seq: number;
  fileId: number;
  offset: number;
  length: number;
  event?: FlumeEvent;
}

/** One put record, tracked until all its events are taken, so the checkpoint knows where replay must start. */
interface PutRecord {
  firstSeq: number;
  count: number;
  pos?: LogPosition;
}

/**
 * Flume's `file` channel: every committed put is appended to a data log and
 * fsynced (concurrent commits share one fsync) before the call returns, so a
 * committed event survives kill -9 and power loss. A take commit is written
 * but not fsynced on its own: losing one only delivers its events again,
 * which at-least-once allows. Events get increasing
 * sequence numbers; the checkpoint records the low-water mark below which all
 * were taken, and start-up replays the log from there.
 */
export class FileChannel implements Channel {
  readonly type = 'file';
  private readonly logger: Logger;
  private queue = new Deque<Slot>();
  private held = 0;
  private cachedBytes = 0;
  private nextSeq = 0;
  private lwm = 0;
  /** Taken (or failed) sequence ranges at or above lwm: start → end (exclusive). */
  private done = new Map<number, number>();
  private records = new Deque<PutRecord>();
  private writer: LogWriter | undefined;
  private readHandles = new Map<number, Promise<FileHandle>>();
  private unlocks: Array<() => void> = [];
  private timers: NodeJS.Timeout[] = [];
  private closed = true;
  private readonly hasEvents = new Signal();
  private readonly hasRoom = new Signal();

  constructor(
    readonly name: string,
    private readonly opts: FileChannelOptions,
    logger: Logger = silentLogger,
  ) {
    this.logger = logger.child({ channel: name });
  }

  get transactionCapacity(): number {
    return this.opts.transactionCapacity;
  }

  size(): number {
    return this.held;
  }

  async start(): Promise<void> {
    for (const d of [this.opts.checkpointDir, ...this.opts.dataDirs]) mkdirSync(d, { recursive: true });
    this.unlocks = [lockDirectory(this.opts.checkpointDir, `file channel ${this.name} checkpointDir`)];
    try {
      for (const d of this.opts.dataDirs) {
        if (d !== this.opts.checkpointDir) this.unlocks.push(lockDirectory(d, `file channel ${this.name} dataDir`));
      }
      const started = Date.now();
      const lastFileId = this.replay(readCheckpoint(this.opts.checkpointDir));
      this.writer = new LogWriter(this.opts.dataDirs, this.opts.maxFileSize, this.opts.fsyncPerTransaction, this.logger);
      await this.writer.open(lastFileId + 1);
      this.closed = false;
      this.checkpoint();
      this.logger.info({ events: this.held, lwm: this.lwm, nextSeq: this.nextSeq, ms: Date.now() - started }, `file channel ${this.name} replayed its log`);
    } catch (err) {
      this.release();
      throw err;
    }
    this.timers.push(setInterval(() => this.checkpointSafely(), this.opts.checkpointIntervalMs));
    if (!this.opts.fsyncPerTransaction) {
      this.timers.push(setInterval(() => void this.writer?.sync().catch((err: unknown) => this.logger.error({ err }, 'file channel fsync failed')), this.opts.fsyncIntervalMs));
    }
    for (const t of this.timers) t.unref();
  }

  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hasRoom.notifyAll();
    this.hasEvents.notifyAll();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.writer?.close();
    this.checkpointSafely();
    for (const h of this.readHandles.values()) await h.then((fh) => fh.close()).catch(() => undefined);
    this.readHandles.clear();
    this.release();
  }

  private release(): void {
    for (const u of this.unlocks) u();
    this.unlocks = [];
  }

  /** Rebuilds the queue from the checkpoint and the data logs; returns the highest log file id seen. */
  private replay(cp: Checkpoint | undefined): number {
    const files = listLogFiles(this.opts.dataDirs);
    const floor = cp?.lwm ?? 0;
    const pending = new Map<number, Slot>();
    let maxSeq = floor - 1;
    for (const f of files) {
      if (cp && f.id < cp.fileId) continue;
      for (const { record, offset } of scanLogFile(f.path, cp && f.id === cp.fileId ? cp.offset : 0)) {
        if (record.type === 'put') {
          maxSeq = Math.max(maxSeq, record.firstSeq + record.count - 1);
          if (record.firstSeq + record.count <= floor) continue;
          this.records.push({ firstSeq: record.firstSeq, count: record.count, pos: { fileId: f.id, offset } });
          record.events.forEach((ev, i) => {
            const seq = record.firstSeq + i;
            if (seq >= floor) pending.set(seq, { seq, fileId: f.id, offset: offset + ev.offset, length: ev.length });
          });
        } else {
          for (const r of record.ranges) for (let s = r.first; s < r.first + r.count; s++) pending.delete(s);
        }
      }
    }
    const slots = [...pending.values()];
    this.queue.pushAll(slots);
    this.held = slots.length;
    this.nextSeq = maxSeq + 1;
    this.lwm = slots[0]?.seq ?? this.nextSeq;
    let prev = this.lwm;
    for (const s of slots) {
      if (s.seq > prev) this.done.set(prev, s.seq);
      prev = s.seq + 1;
    }
    if (this.nextSeq > prev) this.done.set(prev, this.nextSeq);
    this.advanceLwm();
    return files.length ? files[files.length - 1]!.id : (cp?.fileId ?? 0);
  }

  async put(events: FlumeEvent[]): Promise<void> {
    if (this.closed) throw new ChannelClosedError(this.name);
    if (events.length === 0) return;
    if (events.length > this.opts.transactionCapacity) throw new TransactionTooLargeError(this.name, events.length, this.opts.transactionCapacity);
    const deadline = Date.now() + this.opts.keepAliveMs;
    while (this.held + events.length > this.opts.capacity) {
      const left = deadline - Date.now();
      if (left <= 0) throw new ChannelFullError(this.name, `${this.held}/${this.opts.capacity} events held; waited ${this.opts.keepAliveMs} ms`);
      await this.hasRoom.wait(left);
      if (this.closed) throw new ChannelClosedError(this.name);
    }
    this.held += events.length;
    const firstSeq = this.nextSeq;
    this.nextSeq += events.length;
    const rec: PutRecord = { firstSeq, count: events.length };
    this.records.push(rec);
    const encoded = encodePut(firstSeq, events);
    let pos: LogPosition;
    try {
      pos = await this.writer!.append(encoded.record);
    } catch (err) {
      this.held -= events.length;
      this.markDone([{ first: firstSeq, count: events.length }]);
      this.hasRoom.notifyAll();
      throw err;
    }
    rec.pos = pos;
    const cache = this.cachedBytes < this.opts.cacheBytes;
    const slots: Slot[] = events.map((event, i) => {
      const slot: Slot = { seq: firstSeq + i, fileId: pos.fileId, offset: pos.offset + encoded.eventOffsets[i]!, length: encoded.eventLengths[i]! };
      if (cache) {
        slot.event = event;
        this.cachedBytes += slot.length;
      }
      return slot;
    });
    this.queue.pushAll(slots);
    this.hasEvents.notifyAll();
  }

  async take(max: number): Promise<TakeTransaction> {
    if (this.closed) throw new ChannelClosedError(this.name);
    const slots = this.queue.shiftMany(Math.min(max, this.opts.transactionCapacity));
    let events: FlumeEvent[];
    try {
      events = await this.materialize(slots);
    } catch (err) {
      this.queue.unshiftMany(slots);
      throw err;
    }
    let settled = false;
    const putBack = (): void => {
      this.queue.unshiftMany(slots);
      this.hasEvents.notifyAll();
    };
    return {
      events,
      commit: async () => {
        if (settled || slots.length === 0) return;
        settled = true;
        const ranges = toRanges(slots.map((s) => s.seq));
        try {
          // Not fsynced: a take lost to a power cut only means its events are delivered again.
          await this.writer!.append(encodeTake(ranges), false);
        } catch (err) {
          putBack();
          throw err;
        }
        this.held -= slots.length;
        for (const s of slots) if (s.event) this.cachedBytes -= s.length;
        this.markDone(ranges);
        this.hasRoom.notifyAll();
      },
      rollback: async () => {
        if (settled || slots.length === 0) return;
        settled = true;
        putBack();
      },
    };
  }

  async waitForEvents(ms: number, cancel?: AbortSignal): Promise<void> {
    if (this.queue.length > 0 || this.closed) return;
    await this.hasEvents.wait(ms, cancel);
  }

  private async materialize(slots: Slot[]): Promise<FlumeEvent[]> {
    const out: FlumeEvent[] = new Array(slots.length);
    let i = 0;
    while (i < slots.length) {
      const first = slots[i]!;
      if (first.event) {
        out[i++] = first.event;
        continue;
      }
      let j = i + 1;
      let end = first.offset + first.length;
      while (j < slots.length && !slots[j]!.event && slots[j]!.fileId === first.fileId && slots[j]!.offset === end) end += slots[j++]!.length;
      const buf = Buffer.allocUnsafe(end - first.offset);
      const fh = await this.readHandle(first.fileId);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, first.offset + got);
        if (bytesRead === 0) throw new Error(`data log ${logFilePath(this.opts.dataDirs, first.fileId)} ends before event ${first.seq}; the file channel's data is damaged`);
        got += bytesRead;
      }
      for (let k = i; k < j; k++) out[k] = decodeEvent(buf, slots[k]!.offset - first.offset);
      i = j;
    }
    return out;
  }

  private readHandle(fileId: number): Promise<FileHandle> {
    let h = this.readHandles.get(fileId);
    if (!h) {
      h = open(logFilePath(this.opts.dataDirs, fileId), 'r');
      h.catch(() => this.readHandles.delete(fileId));
      this.readHandles.set(fileId, h);
    }
    return h;
  }

  private markDone(ranges: ReadonlyArray<{ first: number; count: number }>): void {
    for (const r of ranges) this.done.set(r.first, r.first + r.count);
    this.advanceLwm();
  }

  private advanceLwm(): void {
    let end: number | undefined;
    while ((end = this.done.get(this.lwm)) !== undefined) {
      this.done.delete(this.lwm);
      this.lwm = end;
    }
    let head: PutRecord | undefined;
    while ((head = this.records.peek()) && head.firstSeq + head.count <= this.lwm) this.records.shiftMany(1);
  }

  private checkpointSafely(): void {
    try {
      this.checkpoint();
    } catch (err) {
      this.logger.error({ err }, `file channel ${this.name} could not write its checkpoint; replay after a restart will take longer`);
    }
  }

  /** Records where replay must start, then deletes the data logs wholly before that point. */
  private checkpoint(): void {
    if (!this.writer) return;
    const head = this.records.peek();
    if (head && !head.pos) return;
    const pos = head?.pos ?? this.writer.endPosition();
    writeCheckpoint(this.opts.checkpointDir, { lwm: this.lwm, fileId: pos.fileId, offset: pos.offset });
    for (const f of listLogFiles(this.opts.dataDirs)) {
      if (f.id >= pos.fileId || f.id === this.writer.currentFileId) continue;
      const h = this.readHandles.get(f.id);
      this.readHandles.delete(f.id);
      void h?.then((fh) => fh.close()).catch(() => undefined);
      unlinkSync(f.path);
      this.logger.debug({ file: f.path }, 'file channel deleted a fully taken data log');
    }
  }
}
