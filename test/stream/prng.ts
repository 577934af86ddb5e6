/** mulberry32: a tiny seeded PRNG, so a failing property test reproduces from its printed seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Runs `check` once per seed; a failure names the seed to reproduce it with. */
export function forSeeds(seeds: readonly number[], check: (seed: number) => void): void {
  for (const seed of seeds) {
    try {
      check(seed);
    } catch (err) {
      (err as Error).message = `seed ${seed}: ${(err as Error).message}`;
      throw err;
    }
  }
}

/** Seeds from STREAM_SEED (comma-separated) when set, so one failing case can be rerun alone. */
export function seeds(count: number, base = 1): number[] {
  const fromEnv = process.env.STREAM_SEED;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv.split(',').map(Number);
  return Array.from({ length: count }, (_, i) => base + i * 7919);
}
