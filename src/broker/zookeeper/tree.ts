import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventType, OPEN_ACL, ZkErr, type Acl, type Stat } from './records.js';

/** A failed operation, carrying the ZooKeeper error code the client gets. */
export class ZkError extends Error {
  override readonly name = 'ZkError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface Znode {
  data: Buffer | null;
  acl: Acl[];
  czxid: bigint;
  mzxid: bigint;
  pzxid: bigint;
  ctime: bigint;
  mtime: bigint;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  children: Set<string>;
}

/** What a committed write changed: watches fire from these, and the Kafka bridge reads them. */
export interface TreeChange {
  type: (typeof EventType)[keyof typeof EventType];
  path: string;
}

interface StoredNode {
  path: string;
  data: string | null;
  acl: Acl[];
  czxid: string;
  mzxid: string;
  pzxid: string;
  ctime: string;
  mtime: string;
  version: number;
  cversion: number;
  aversion: number;
}

interface StoredTree {
  zxid: string;
  nodes: StoredNode[];
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** ZooKeeper's path rules: absolute, no empty, "." or ".." parts, no trailing slash, no NUL. */
export function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return `path "${path}" must start with /`;
  if (path === '/') return undefined;
  if (path.endsWith('/')) return `path "${path}" must not end with /`;
  if (path.includes('\u0000')) return `path "${path}" contains a NUL character`;
  for (const part of path.slice(1).split('/')) {
    if (part === '' || part === '.' || part === '..') return `path "${path}" has an empty, "." or ".." part`;
  }
  return undefined;
}

function checkPath(path: string): void {
  const problem = pathProblem(path);
  if (problem) throw new ZkError(ZkErr.BAD_ARGUMENTS, problem);
}

function cloneNode(n: Znode): Znode {
  return { ...n, children: new Set(n.children) };
}

/**
 * The znode tree: every node ZooKeeper would keep, with its stat. Writes happen
 * between `begin()` and `commit()` (or `rollback()`, for a multi that fails), so a
 * multi's operations share one zxid and fire their watches only if all succeed.
 * Persistent nodes and the zxid are kept in one JSON file, rewritten atomically on
 * each commit; ephemeral nodes die with their sessions, so a restart drops them.
 */
export class ZnodeTree {
  private readonly nodes = new Map<string, Znode>();
  private readonly ephemerals = new Map<bigint, Set<string>>();
  private lastZxid = 0n;
  private pending: TreeChange[] = [];
  private undo: Map<string, Znode | undefined> | undefined;
  private persistentTouched = false;
  private readonly listeners: ((changes: readonly TreeChange[]) => void)[] = [];

  constructor(private readonly file?: string) {
    const now = BigInt(Date.now());
    this.nodes.set('/', this.newNode(null, OPEN_ACL, 0n, now, 0n));
    if (file && existsSync(file)) this.load(file);
    for (const p of ['/zookeeper', '/zookeeper/quota']) if (!this.nodes.has(p)) this.insert(p, this.newNode(null, OPEN_ACL, 0n, now, 0n));
  }

  get zxid(): bigint {
    return this.lastZxid;
  }

  onCommit(fn: (changes: readonly TreeChange[]) => void): void {
    this.listeners.push(fn);
  }

  private newNode(data: Buffer | null, acl: readonly Acl[], zxid: bigint, time: bigint, owner: bigint): Znode {
    return {
      data,
      acl: [...acl],
      czxid: zxid,
      mzxid: zxid,
      pzxid: zxid,
      ctime: time,
      mtime: time,
      version: 0,
      cversion: 0,
      aversion: 0,
      ephemeralOwner: owner,
      children: new Set(),
    };
  }

  private insert(path: string, node: Znode): void {
    this.nodes.set(path, node);
    if (path !== '/') this.nodes.get(parentOf(path))!.children.add(baseName(path));
  }

  /** Remembers a node's state before its first change in this write, for rollback. */
  private touch(path: string): void {
    if (this.undo && !this.undo.has(path)) {
      const n = this.nodes.get(path);
      this.undo.set(path, n && cloneNode(n));
    }
    const n = this.nodes.get(path);
    if (!n || n.ephemeralOwner === 0n) this.persistentTouched = true;
  }

  /** Starts a write; every operation until commit() carries the returned zxid. */
  begin(): bigint {
    this.lastZxid += 1n;
    this.pending = [];
    this.undo = new Map();
    this.persistentTouched = false;
    return this.lastZxid;
  }

  commit(): readonly TreeChange[] {
    const changes = this.pending;
    this.pending = [];
    this.undo = undefined;
    if (this.persistentTouched && this.file) this.save(this.file);
    for (const fn of this.listeners) fn(changes);
    return changes;
  }

  /** Undoes every change since begin(), as a failed multi must. */
  rollback(): void {
    for (const [path, before] of this.undo ?? []) {
      const now = this.nodes.get(path);
      if (now && now.ephemeralOwner !== 0n) this.ephemerals.get(now.ephemeralOwner)?.delete(path);
      if (before) {
        this.nodes.set(path, before);
        if (before.ephemeralOwner !== 0n) this.ownedBy(before.ephemeralOwner).add(path);
      } else this.nodes.delete(path);
    }
    this.pending = [];
    this.undo = undefined;
  }

  private ownedBy(session: bigint): Set<string> {
    let s = this.ephemerals.get(session);
    if (!s) this.ephemerals.set(session, (s = new Set()));
    return s;
  }

  private existing(path: string): Znode {
    checkPath(path);
    const n = this.nodes.get(path);
    if (!n) throw new ZkError(ZkErr.NO_NODE, `no node ${path}`);
    return n;
  }

  private checkVersion(n: Znode, version: number, path: string): void {
    if (version !== -1 && version !== n.version) throw new ZkError(ZkErr.BAD_VERSION, `${path} is at version ${n.version}, not ${version}`);
  }

  has(path: string): boolean {
    return this.nodes.has(path);
  }

  stat(path: string): Stat | undefined {
    const n = this.nodes.get(path);
    if (!n) return undefined;
    return {
      czxid: n.czxid,
      mzxid: n.mzxid,
      ctime: n.ctime,
      mtime: n.mtime,
      version: n.version,
      cversion: n.cversion,
      aversion: n.aversion,
      ephemeralOwner: n.ephemeralOwner,
      dataLength: n.data?.length ?? 0,
      numChildren: n.children.size,
      pzxid: n.pzxid,
    };
  }

  /** Data and stat; throws NoNode. */
  getData(path: string): { data: Buffer | null; stat: Stat } {
    const n = this.existing(path);
    return { data: n.data, stat: this.stat(path)! };
  }

  getChildren(path: string): { children: string[]; stat: Stat } {
    const n = this.existing(path);
    return { children: [...n.children].sort(), stat: this.stat(path)! };
  }

  getAcl(path: string): { acl: Acl[]; stat: Stat } {
    const n = this.existing(path);
    return { acl: n.acl, stat: this.stat(path)! };
  }

  check(path: string, version: number): void {
    this.checkVersion(this.existing(path), version, path);
  }

  /** Every path below `path`, for getAllChildrenNumber. */
  descendants(path: string): number {
    const n = this.existing(path);
    let count = 0;
    for (const c of n.children) count += 1 + this.descendants(path === '/' ? `/${c}` : `${path}/${c}`);
    return count;
  }

  ephemeralsOf(session: bigint): string[] {
    return [...(this.ephemerals.get(session) ?? [])].sort();
  }

  /** Creates a node; returns its actual path (with the sequence suffix, if sequential). */
  create(path: string, data: Buffer | null, acl: readonly Acl[], o: { ephemeralOwner: bigint; sequential: boolean }, zxid: bigint): string {
    checkPath(path);
    if (path === '/') throw new ZkError(ZkErr.NODE_EXISTS, 'the root always exists');
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (!parent) throw new ZkError(ZkErr.NO_NODE, `parent ${parentPath} of ${path} does not exist`);
    if (parent.ephemeralOwner !== 0n) throw new ZkError(ZkErr.NO_CHILDREN_FOR_EPHEMERALS, `${parentPath} is ephemeral and cannot have children`);
    const actual = o.sequential ? `${path}${String(parent.cversion).padStart(10, '0')}` : path;
    checkPath(actual);
    if (this.nodes.has(actual)) throw new ZkError(ZkErr.NODE_EXISTS, `${actual} already exists`);
    this.touch(parentPath);
    this.touch(actual);
    const time = BigInt(Date.now());
    if (o.ephemeralOwner !== 0n) this.ownedBy(o.ephemeralOwner).add(actual);
    else this.persistentTouched = true;
    this.insert(actual, this.newNode(data, acl.length > 0 ? acl : OPEN_ACL, zxid, time, o.ephemeralOwner));
    parent.cversion += 1;
    parent.pzxid = zxid;
    this.pending.push({ type: EventType.NodeCreated, path: actual }, { type: EventType.NodeChildrenChanged, path: parentPath });
    return actual;
  }

  delete(path: string, version: number, zxid: bigint): void {
    if (path === '/') throw new ZkError(ZkErr.BAD_ARGUMENTS, 'the root cannot be deleted');
    const n = this.existing(path);
    this.checkVersion(n, version, path);
    if (n.children.size > 0) throw new ZkError(ZkErr.NOT_EMPTY, `${path} has children`);
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath)!;
    this.touch(parentPath);
    this.touch(path);
    this.nodes.delete(path);
    if (n.ephemeralOwner !== 0n) this.ephemerals.get(n.ephemeralOwner)?.delete(path);
    parent.children.delete(baseName(path));
    parent.cversion += 1;
    parent.pzxid = zxid;
    this.pending.push({ type: EventType.NodeDeleted, path }, { type: EventType.NodeChildrenChanged, path: parentPath });
  }

  setData(path: string, data: Buffer | null, version: number, zxid: bigint): Stat {
    const n = this.existing(path);
    this.checkVersion(n, version, path);
    this.touch(path);
    n.data = data;
    n.version += 1;
    n.mzxid = zxid;
    n.mtime = BigInt(Date.now());
    this.pending.push({ type: EventType.NodeDataChanged, path });
    return this.stat(path)!;
  }

  setAcl(path: string, acl: readonly Acl[], version: number): Stat {
    const n = this.existing(path);
    if (version !== -1 && version !== n.aversion) throw new ZkError(ZkErr.BAD_VERSION, `${path}'s ACL is at version ${n.aversion}, not ${version}`);
    this.touch(path);
    n.acl = [...acl];
    n.aversion += 1;
    return this.stat(path)!;
  }

  private save(file: string): void {
    const nodes: StoredNode[] = [];
    for (const [path, n] of this.nodes) {
      if (path === '/' || n.ephemeralOwner !== 0n) continue;
      nodes.push({
        path,
        data: n.data === null ? null : n.data.toString('base64'),
        acl: n.acl,
        czxid: String(n.czxid),
        mzxid: String(n.mzxid),
        pzxid: String(n.pzxid),
        ctime: String(n.ctime),
        mtime: String(n.mtime),
        version: n.version,
        cversion: n.cversion,
        aversion: n.aversion,
      });
    }
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ zxid: String(this.lastZxid), nodes } satisfies StoredTree));
    renameSync(tmp, file);
  }

  private load(file: string): void {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredTree;
    this.lastZxid = BigInt(stored.zxid);
    // Parents sort before their children, so each insert finds its parent.
    for (const s of stored.nodes.sort((a, b) => a.path.split('/').length - b.path.split('/').length)) {
      if (!this.nodes.has(parentOf(s.path))) continue;
      this.insert(s.path, {
        data: s.data === null ? null : Buffer.from(s.data, 'base64'),
        acl: s.acl,
        czxid: BigInt(s.czxid),
        mzxid: BigInt(s.mzxid),
        pzxid: BigInt(s.pzxid),
        ctime: BigInt(s.ctime),
        mtime: BigInt(s.mtime),
        version: s.version,
        cversion: s.cversion,
        aversion: s.aversion,
        ephemeralOwner: 0n,
        children: new Set(),
      });
    }
  }
}
