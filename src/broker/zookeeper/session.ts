import { randomBytes } from 'node:crypto';
import type { ZnodeTree } from './tree.js';
import type { Watcher } from './watches.js';

/** ZooKeeper's defaults with tickTime 2000: a client's timeout is held between 2 and 20 ticks. */
export const MIN_SESSION_TIMEOUT_MS = 4000;
export const MAX_SESSION_TIMEOUT_MS = 40000;

export function negotiateTimeout(asked: number): number {
  return Math.min(MAX_SESSION_TIMEOUT_MS, Math.max(MIN_SESSION_TIMEOUT_MS, asked));
}

/** What a session needs from the connection that currently carries it. */
export interface SessionLink {
  sendNotification(type: number, path: string): void;
  close(): void;
}

export class Session implements Watcher {
  lastSeen = Date.now();
  link: SessionLink | undefined;

  constructor(
    readonly id: bigint,
    readonly passwd: Buffer,
    /** Negotiated again on every reconnect, as ZooKeeper does. */
    public timeoutMs: number,
  ) {}

  notify(type: number, path: string): void {
    this.link?.sendNotification(type, path);
  }

  expired(now: number): boolean {
    return now - this.lastSeen > this.timeoutMs;
  }
}

/** Sessions by id; ids follow ZooKeeper's layout (server id in the top byte, then time and a counter). */
export class SessionTable {
  private readonly sessions = new Map<bigint, Session>();
  private next: bigint;

  constructor(serverId = 1n) {
    this.next = (serverId << 56n) | ((BigInt(Date.now()) << 24n) & 0x00ff_ffff_ffff_ffffn);
  }

  open(timeoutMs: number): Session {
    this.next += 1n;
    const s = new Session(BigInt.asIntN(64, this.next), randomBytes(16), timeoutMs);
    this.sessions.set(s.id, s);
    return s;
  }

  get(id: bigint): Session | undefined {
    return this.sessions.get(id);
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  /** Ends a session: its ephemeral nodes go, firing their watches, as ZooKeeper does on close or expiry. */
  end(s: Session, tree: ZnodeTree): void {
    this.sessions.delete(s.id);
    const owned = tree.ephemeralsOf(s.id);
    if (owned.length === 0) return;
    const zxid = tree.begin();
    for (const p of owned) tree.delete(p, -1, zxid);
    tree.commit();
  }
}
