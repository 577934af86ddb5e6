import { EventType } from './records.js';
import type { TreeChange } from './tree.js';

/** Whoever a fired watch is delivered to: a session, which sends it if connected. */
export interface Watcher {
  notify(type: number, path: string): void;
}

type Kind = 'data' | 'exist' | 'child';

/**
 * One-shot watches, as ZooKeeper sets them: getData/exists on a node set a data
 * watch, exists on a missing node an exist watch, getChildren a child watch.
 */
export class WatchTable {
  private readonly table: Record<Kind, Map<string, Set<Watcher>>> = { data: new Map(), exist: new Map(), child: new Map() };

  add(kind: Kind, path: string, w: Watcher): void {
    const m = this.table[kind];
    let s = m.get(path);
    if (!s) m.set(path, (s = new Set()));
    s.add(w);
  }

  /** Drops every watch of a closed or expired session. */
  remove(w: Watcher): void {
    for (const m of Object.values(this.table)) {
      for (const [path, s] of m) {
        s.delete(w);
        if (s.size === 0) m.delete(path);
      }
    }
  }

  private take(kinds: Kind[], path: string): Set<Watcher> {
    const out = new Set<Watcher>();
    for (const k of kinds) {
      const s = this.table[k].get(path);
      if (!s) continue;
      for (const w of s) out.add(w);
      this.table[k].delete(path);
    }
    return out;
  }

  fire(changes: readonly TreeChange[]): void {
    for (const c of changes) {
      const kinds: Kind[] =
        c.type === EventType.NodeChildrenChanged ? ['child'] : c.type === EventType.NodeDeleted ? ['data', 'exist', 'child'] : ['data', 'exist'];
      for (const w of this.take(kinds, c.path)) w.notify(c.type, c.path);
    }
  }
}
