import { getHeapStatistics } from 'node:v8';
import type { Context } from '../config/context.js';
import { Deque } from '../deque.js';
import { AgentConfigError, ChannelClosedError, ChannelFullError, TransactionTooLargeError } from '../errors.js';
import type { FlumeEvent } from '../event.js';
import { Signal } from '../signal.js';
import type { Channel, TakeTransaction } from './channel.js';

export interface MemoryChannelOptions {
  capacity: number;
  transactionCapacity: number;
  /** Bytes of event bodies the channel may hold, after the header allowance is taken off. */
  byteCapacity: number;
  keepAliveMs: number;
}

/** Reads Flume's memory channel properties, with Flume's defaults. */
export function memoryChannelOptions(ctx: Context): MemoryChannelOptions {
  const capacity = ctx.int('capacity', 100, 1);
  const transactionCapacity = ctx.int('transactionCapacity', 100, 1);
  if (transactionCapacity > capacity) {
    throw new AgentConfigError(ctx.key('transactionCapacity'), `${transactionCapacity} is higher than capacity ${capacity}; a transaction must fit in the channel`);
  }
  // Flume's default is 80% of the JVM heap; the V8 heap limit plays that part here.
  const byteCapacity = ctx.int('byteCapacity', Math.floor(getHeapStatistics().heap_size_limit * 0.8), 1);
  const bufferPercentage = ctx.int('byteCapacityBufferPercentage', 20, 0, 99);
  const keepAlive = ctx.int('keep-alive', 3, 0);
  return { capacity, transactionCapacity, byteCapacity: Math.floor(byteCapacity * (1 - bufferPercentage / 100)), keepAliveMs: keepAlive * 1000 };
}

/** Flume's `memory` channel: fast, and everything in it is lost when the agent stops or dies. */
export class MemoryChannel implements Channel {
  readonly type = 'memory';
  private readonly queue = new Deque<FlumeEvent>();
  /** Events and body bytes held, including those taken but not yet committed. */
  private held = 0;
  private heldBytes = 0;
  private closed = false;
  private readonly hasEvents = new Signal();
  private readonly hasRoom = new Signal();

  constructor(
    readonly name: string,
    private readonly opts: MemoryChannelOptions,
  ) {}

  get transactionCapacity(): number {
    return this.opts.transactionCapacity;
  }

  async start(): Promise<void> {
    this.closed = false;
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.hasRoom.notifyAll();
    this.hasEvents.notifyAll();
  }

  size(): number {
    return this.held;
  }

  async put(events: FlumeEvent[]): Promise<void> {
    if (this.closed) throw new ChannelClosedError(this.name);
    if (events.length === 0) return;
    if (events.length > this.opts.transactionCapacity) throw new TransactionTooLargeError(this.name, events.length, this.opts.transactionCapacity);
    let bytes = 0;
    for (const e of events) bytes += e.body.length;
    const deadline = Date.now() + this.opts.keepAliveMs;
    while (!this.fits(events.length, bytes)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new ChannelFullError(this.name, `${this.held}/${this.opts.capacity} events, ${this.heldBytes}/${this.opts.byteCapacity} body bytes held; waited ${this.opts.keepAliveMs} ms`);
      }
      await this.hasRoom.wait(left);
      if (this.closed) throw new ChannelClosedError(this.name);
    }
    this.held += events.length;
    this.heldBytes += bytes;
    this.queue.pushAll(events);
    this.hasEvents.notifyAll();
  }

  private fits(n: number, bytes: number): boolean {
    return this.held + n <= this.opts.capacity && this.heldBytes + bytes <= this.opts.byteCapacity;
  }

  async take(max: number): Promise<TakeTransaction> {
    if (this.closed) throw new ChannelClosedError(this.name);
    const events = this.queue.shiftMany(Math.min(max, this.opts.transactionCapacity));
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      return true;
    };
    return {
      events,
      commit: async () => {
        if (!settle()) return;
        this.held -= events.length;
        for (const e of events) this.heldBytes -= e.body.length;
        this.hasRoom.notifyAll();
      },
      rollback: async () => {
        if (!settle() || events.length === 0) return;
        this.queue.unshiftMany(events);
        this.hasEvents.notifyAll();
      },
    };
  }

  async waitForEvents(ms: number, cancel?: AbortSignal): Promise<void> {
    if (this.queue.length > 0 || this.closed) return;
    await this.hasEvents.wait(ms, cancel);
  }
}
