/**
 * Long-polling fetches park here until data arrives on a partition they
 * read, so a produce wakes its consumers at once instead of at max_wait_ms.
 */
export type Wake = () => void;

export class FetchWaiters {
  private readonly byPartition = new Map<string, Set<Wake>>();

  private static key(topic: string, partition: number): string {
    return `${topic}\u0000${partition}`;
  }

  /** Registers `wake` for each partition; the returned function unregisters it everywhere. */
  register(partitions: Iterable<[string, number]>, wake: Wake): () => void {
    const keys: string[] = [];
    for (const [t, p] of partitions) {
      const k = FetchWaiters.key(t, p);
      let set = this.byPartition.get(k);
      if (!set) {
        set = new Set();
        this.byPartition.set(k, set);
      }
      set.add(wake);
      keys.push(k);
    }
    return () => {
      for (const k of keys) {
        const set = this.byPartition.get(k);
        if (!set) continue;
        set.delete(wake);
        if (set.size === 0) this.byPartition.delete(k);
      }
    };
  }

  notify(topic: string, partition: number): void {
    const set = this.byPartition.get(FetchWaiters.key(topic, partition));
    if (!set) return;
    for (const wake of [...set]) wake();
  }

  /** Wakes every parked fetch, so shutdown does not wait out their timeouts. */
  wakeAll(): void {
    for (const set of this.byPartition.values()) for (const wake of [...set]) wake();
  }
}
