/**
 * A small seeded PRNG (mulberry32) shared by every generator, so that the same
 * --seed always gives the same data on every machine and Node version;
 * Math.random cannot be seeded.
 */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max], both ends included. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/**
 * Draws values in proportion to recorded counts. A cumulative table searched by
 * bisection: tables here have at most a few hundred entries.
 */
export class WeightedPicker<T> {
  readonly values: readonly T[];
  readonly #cumulative: Float64Array;
  readonly #total: number;

  constructor(weights: ReadonlyArray<readonly [T, number]>) {
    if (weights.length === 0) throw new RangeError('WeightedPicker needs at least one value; pass a non-empty table');
    this.values = weights.map(([v]) => v);
    this.#cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach(([, w], i) => {
      if (!(w >= 0)) throw new RangeError(`weight ${w} is negative or not a number; weights must be counts ≥ 0`);
      sum += w;
      this.#cumulative[i] = sum;
    });
    if (sum <= 0) throw new RangeError('all weights are zero; at least one value needs a positive count');
    this.#total = sum;
  }

  pick(random: Random): T {
    const x = random.next() * this.#total;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}
