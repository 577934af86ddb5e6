/** A FIFO with cheap removal at the head and return of items to the head, for channel queues. */
export class Deque<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  pushAll(items: readonly T[]): void {
    for (const item of items) this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shiftMany(n: number): T[] {
    const out = this.items.slice(this.head, this.head + n);
    this.head += out.length;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** Puts items back at the head, first item first, as a rolled-back take returns them. */
  unshiftMany(items: readonly T[]): void {
    if (items.length <= this.head) {
      this.head -= items.length;
      for (let i = 0; i < items.length; i++) this.items[this.head + i] = items[i]!;
    } else {
      this.items = [...items, ...this.items.slice(this.head)];
      this.head = 0;
    }
  }
}
