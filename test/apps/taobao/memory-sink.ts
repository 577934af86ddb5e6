import type { RowSink } from '../../../src/apps/taobao/replay.js';
import type { Clock } from '../../../src/apps/rate.js';

/** A RowSink that keeps what it is sent, noting the clock time each message left at; tests use it where no broker is needed. */
export class MemorySink implements RowSink {
  readonly sent: Array<{ topic: string; value: string; at: number }> = [];
  #pending: Array<{ topic: string; value: string }> = [];
  full = false;
  failWith: Error | undefined;

  constructor(readonly clock?: Clock) {}

  push(message: { topic: string; value: string }): void {
    this.#pending.push(message);
  }
  dispatch(): void {
    const at = this.clock?.now() ?? 0;
    for (const m of this.#pending.splice(0)) this.sent.push({ ...m, at });
  }
  async ready(): Promise<void> {
    if (this.failWith) throw this.failWith;
  }
  async flush(): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.dispatch();
  }
  get acked(): number {
    return this.sent.length;
  }
  get values(): string[] {
    return this.sent.map((m) => m.value);
  }
}
