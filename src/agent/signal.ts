/** Lets async waiters sleep until something changes, a timeout passes, or the caller gives up. */
export class Signal {
  private waiters = new Set<() => void>();

  wait(ms: number, cancel?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        cancel?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      cancel?.addEventListener('abort', done);
    });
  }

  notifyAll(): void {
    for (const w of [...this.waiters]) w();
  }
}
