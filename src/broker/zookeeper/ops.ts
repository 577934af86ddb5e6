import { JuteReader, JuteWriter } from './jute.js';
import { createModeOf, EventType, OpCode, readAcl, writeAcl, writeStat, ZkErr, type Acl } from './records.js';
import type { Session } from './session.js';
import { pathProblem, ZkError, type ZnodeTree } from './tree.js';
import type { WatchTable } from './watches.js';

/** What the request handlers share: the tree, the watches and the asking session. */
export interface OpContext {
  tree: ZnodeTree;
  watches: WatchTable;
  session: Session;
}

/** A request no handler knows: answered with UNIMPLEMENTED, the session stays. */
export class UnknownOpError extends Error {
  override readonly name = 'UnknownOpError';
}

interface CreateArgs {
  path: string;
  data: Buffer | null;
  acl: Acl[];
  flags: number;
}

function readCreate(r: JuteReader, ttl: boolean): CreateArgs {
  const args = { path: r.string('path'), data: r.buffer(), acl: r.vector(readAcl) ?? [], flags: r.int() };
  if (ttl) r.long();
  return args;
}

function doCreate(ctx: OpContext, a: CreateArgs, zxid: bigint): string {
  const mode = createModeOf(a.flags);
  if (!mode) throw new ZkError(ZkErr.BAD_ARGUMENTS, `unknown create mode ${a.flags}`);
  return ctx.tree.create(a.path, a.data, a.acl, { ephemeralOwner: mode.ephemeral ? ctx.session.id : 0n, sequential: mode.sequential }, zxid);
}

/** One write operation, parsed, so a multi can validate the whole batch before running it. */
type WriteOp =
  | { type: typeof OpCode.create | typeof OpCode.create2 | typeof OpCode.createContainer | typeof OpCode.createTTL; args: CreateArgs }
  | { type: typeof OpCode.delete; path: string; version: number }
  | { type: typeof OpCode.setData; path: string; data: Buffer | null; version: number }
  | { type: typeof OpCode.check; path: string; version: number };

function readWriteOp(type: number, r: JuteReader): WriteOp | undefined {
  switch (type) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
      return { type, args: readCreate(r, false) };
    case OpCode.createTTL:
      return { type, args: readCreate(r, true) };
    case OpCode.delete:
      return { type, path: r.string('path'), version: r.int() };
    case OpCode.setData:
      return { type, path: r.string('path'), data: r.buffer(), version: r.int() };
    case OpCode.check:
      return { type, path: r.string('path'), version: r.int() };
    default:
      return undefined;
  }
}

/** Runs a write inside the current begin()/commit(); returns its response body. */
function runWrite(ctx: OpContext, op: WriteOp, zxid: bigint): JuteWriter {
  const w = new JuteWriter();
  switch (op.type) {
    case OpCode.create:
      return w.ustring(doCreate(ctx, op.args, zxid));
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL: {
      const path = doCreate(ctx, op.args, zxid);
      w.ustring(path);
      writeStat(w, ctx.tree.stat(path)!);
      return w;
    }
    case OpCode.delete:
      ctx.tree.delete(op.path, op.version, zxid);
      return w;
    case OpCode.setData:
      writeStat(w, ctx.tree.setData(op.path, op.data, op.version, zxid));
      return w;
    case OpCode.check:
      ctx.tree.check(op.path, op.version);
      return w;
  }
}

function watchAfter(ctx: OpContext, kind: 'data' | 'exist' | 'child', path: string, watch: boolean): void {
  if (watch) ctx.watches.add(kind, path, ctx.session);
}

function runRead(ctx: OpContext, type: number, r: JuteReader): JuteWriter | undefined {
  const w = new JuteWriter();
  switch (type) {
    case OpCode.exists: {
      const path = r.string('path');
      const watch = r.bool();
      const problem = pathProblem(path);
      if (problem) throw new ZkError(ZkErr.BAD_ARGUMENTS, problem);
      const stat = ctx.tree.stat(path);
      // exists on a missing node watches for its creation.
      watchAfter(ctx, stat ? 'data' : 'exist', path, watch);
      if (!stat) throw new ZkError(ZkErr.NO_NODE, `no node ${path}`);
      writeStat(w, stat);
      return w;
    }
    case OpCode.getData: {
      const path = r.string('path');
      const watch = r.bool();
      const { data, stat } = ctx.tree.getData(path);
      watchAfter(ctx, 'data', path, watch);
      w.buffer(data);
      writeStat(w, stat);
      return w;
    }
    case OpCode.getChildren:
    case OpCode.getChildren2: {
      const path = r.string('path');
      const watch = r.bool();
      const { children, stat } = ctx.tree.getChildren(path);
      watchAfter(ctx, 'child', path, watch);
      w.vector(children, (x, c) => x.ustring(c));
      if (type === OpCode.getChildren2) writeStat(w, stat);
      return w;
    }
    case OpCode.getACL: {
      const { acl, stat } = ctx.tree.getAcl(r.string('path'));
      w.vector(acl, writeAcl);
      writeStat(w, stat);
      return w;
    }
    case OpCode.sync:
      return w.ustring(r.string('path'));
    case OpCode.getAllChildrenNumber:
      return w.int(ctx.tree.descendants(r.string('path')));
    case OpCode.getEphemerals: {
      const prefix = r.string('prefix');
      return w.vector(
        ctx.tree.ephemeralsOf(ctx.session.id).filter((p) => p.startsWith(prefix)),
        (x, p) => x.ustring(p),
      );
    }
    default:
      return undefined;
  }
}

/** Writes a multi's results: each with its header, then the closing header. */
function writeMultiResults(results: { type: number; err: number; body: JuteWriter }[]): JuteWriter {
  const w = new JuteWriter();
  for (const res of results) {
    w.int(res.type).bool(false).int(res.err);
    w.raw(res.body.toBuffer());
  }
  return w.int(-1).bool(true).int(-1);
}

function readMultiOps<T>(r: JuteReader, read: (type: number) => T): T[] {
  const ops: T[] = [];
  for (;;) {
    const type = r.int();
    const done = r.bool();
    r.int(); // err, meaningless in a request
    if (done) return ops;
    ops.push(read(type));
  }
}

/**
 * A multi: all operations or none. Each succeeds in order; on the first failure the
 * tree rolls back and the results say OK for those before it, its error for it, and
 * RUNTIME_INCONSISTENCY for those after, as ZooKeeper reports them.
 */
function runMulti(ctx: OpContext, r: JuteReader): { zxid: bigint; body: JuteWriter } {
  const ops = readMultiOps(r, (type) => {
    const op = readWriteOp(type, r);
    if (!op) throw new UnknownOpError(`operation type ${type} cannot be part of a multi`);
    return op;
  });
  const zxid = ctx.tree.begin();
  const results: { type: number; err: number; body: JuteWriter }[] = [];
  let failedAt = -1;
  let failure = 0;
  for (const [i, op] of ops.entries()) {
    try {
      results.push({ type: op.type === OpCode.createContainer || op.type === OpCode.createTTL ? OpCode.create2 : op.type, err: 0, body: runWrite(ctx, op, zxid) });
    } catch (err) {
      if (!(err instanceof ZkError)) throw err;
      failedAt = i;
      failure = err.code;
      break;
    }
  }
  if (failedAt < 0) {
    ctx.tree.commit();
    return { zxid, body: writeMultiResults(results) };
  }
  ctx.tree.rollback();
  const errors = ops.map((_, i) => {
    const code = i < failedAt ? ZkErr.OK : i === failedAt ? failure : ZkErr.RUNTIME_INCONSISTENCY;
    return { type: OpCode.error, err: code, body: new JuteWriter().int(code) };
  });
  return { zxid, body: writeMultiResults(errors) };
}

/** multiRead: reads that each succeed or fail on their own. */
function runMultiRead(ctx: OpContext, r: JuteReader): JuteWriter {
  const ops = readMultiOps(r, (type) => {
    if (type !== OpCode.getChildren && type !== OpCode.getData) throw new UnknownOpError(`operation type ${type} cannot be part of a multiRead`);
    return { type, path: r.string('path') };
  });
  const results = ops.map((op) => {
    const req = new JuteWriter().ustring(op.path).bool(false).toBuffer();
    try {
      return { type: op.type, err: 0, body: runRead(ctx, op.type, new JuteReader(req))! };
    } catch (err) {
      if (!(err instanceof ZkError)) throw err;
      return { type: OpCode.error, err: err.code, body: new JuteWriter().int(err.code) };
    }
  });
  return writeMultiResults(results);
}

/** Re-arms watches after a reconnect, firing at once those whose node changed since the client's last zxid. */
function runSetWatches(ctx: OpContext, r: JuteReader, withPersistent: boolean): void {
  const relativeZxid = r.long();
  const strings = (): string[] => r.vector((x) => x.string('watch path')) ?? [];
  const [data, exist, child] = [strings(), strings(), strings()];
  if (withPersistent) {
    strings();
    strings();
  }
  const { tree, session } = ctx;
  for (const p of data) {
    const s = tree.stat(p);
    if (!s) session.notify(EventType.NodeDeleted, p);
    else if (s.mzxid > relativeZxid) session.notify(EventType.NodeDataChanged, p);
    else ctx.watches.add('data', p, session);
  }
  for (const p of exist) {
    if (tree.has(p)) session.notify(EventType.NodeCreated, p);
    else ctx.watches.add('exist', p, session);
  }
  for (const p of child) {
    const s = tree.stat(p);
    if (!s) session.notify(EventType.NodeDeleted, p);
    else if (s.pzxid > relativeZxid) session.notify(EventType.NodeChildrenChanged, p);
    else ctx.watches.add('child', p, session);
  }
}

export interface OpResult {
  zxid: bigint;
  err: number;
  body?: Buffer;
}

/** Answers one request (after its header); throws UnknownOpError or JuteError for what cannot be answered. */
export function handleOp(ctx: OpContext, type: number, r: JuteReader): OpResult {
  const { tree } = ctx;
  try {
    if (type === OpCode.multi) {
      const { zxid, body } = runMulti(ctx, r);
      return { zxid, err: 0, body: body.toBuffer() };
    }
    if (type === OpCode.multiRead) return { zxid: tree.zxid, err: 0, body: runMultiRead(ctx, r).toBuffer() };
    if (type === OpCode.setWatches || type === OpCode.setWatches2) {
      runSetWatches(ctx, r, type === OpCode.setWatches2);
      return { zxid: tree.zxid, err: 0 };
    }
    if (type === OpCode.setACL) {
      const path = r.string('path');
      const acl = r.vector(readAcl) ?? [];
      const version = r.int();
      const zxid = tree.begin();
      try {
        const w = new JuteWriter();
        writeStat(w, tree.setAcl(path, acl, version));
        tree.commit();
        return { zxid, err: 0, body: w.toBuffer() };
      } catch (err) {
        tree.rollback();
        throw err;
      }
    }
    const write = readWriteOp(type, r);
    if (write) {
      if (write.type === OpCode.check) {
        runWrite(ctx, write, tree.zxid);
        return { zxid: tree.zxid, err: 0 };
      }
      const zxid = tree.begin();
      let body: JuteWriter;
      try {
        body = runWrite(ctx, write, zxid);
      } catch (err) {
        tree.rollback();
        throw err;
      }
      tree.commit();
      return { zxid, err: 0, body: body.toBuffer() };
    }
    const body = runRead(ctx, type, r);
    if (!body) throw new UnknownOpError(`request type ${type} is not served by the ZooKeeper facade`);
    return { zxid: tree.zxid, err: 0, body: body.toBuffer() };
  } catch (err) {
    if (err instanceof ZkError) return { zxid: tree.zxid, err: err.code };
    throw err;
  }
}
