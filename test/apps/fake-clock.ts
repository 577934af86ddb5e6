import type { Clock } from '../../src/apps/rate.js';

/** A clock that only moves when slept on: sleeping advances it at once, so rate tests never wait on wall time. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public time = 0) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += Math.max(0, ms);
  }
}
