/** Decides when appended data is due for an fsync under flushMessages / flushMs. */
export class FlushSchedule {
  private unflushed = 0;
  private lastFlushAt: number;

  constructor(
    private readonly flushMessages: number | undefined,
    private readonly flushMs: number | undefined,
    now: number,
  ) {
    this.lastFlushAt = now;
  }

  get unflushedMessages(): number {
    return this.unflushed;
  }

  appended(messages: number): void {
    this.unflushed += messages;
  }

  due(now: number): boolean {
    if (this.unflushed === 0) return false;
    if (this.flushMessages !== undefined && this.unflushed >= this.flushMessages) return true;
    return this.flushMs !== undefined && now - this.lastFlushAt >= this.flushMs;
  }

  flushed(now: number): void {
    this.unflushed = 0;
    this.lastFlushAt = now;
  }
}
