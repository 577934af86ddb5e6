import type { Socket } from 'node:net';
import type { Logger } from '../../log.js';
import { FrameDecoder } from '../framing.js';
import { JuteError, JuteReader, JuteWriter } from './jute.js';
import { handleOp, UnknownOpError } from './ops.js';
import { OpCode, readConnectRequest, SYNC_CONNECTED, Xid, ZkErr } from './records.js';
import { negotiateTimeout, type Session, type SessionLink, type SessionTable } from './session.js';
import type { ZnodeTree } from './tree.js';
import type { WatchTable } from './watches.js';

/** ZooKeeper's jute.maxbuffer default: the largest frame a client may send. */
export const MAX_FRAME_BYTES = 0xfffff + 1024;

export interface FacadeState {
  tree: ZnodeTree;
  watches: WatchTable;
  sessions: SessionTable;
  logger: Logger;
}

/**
 * One client socket. The first frame is the connect request, which opens a session or
 * takes over an existing one (session id and password); every later frame is a request
 * header (xid, type) and its record. A frame that does not parse closes this socket only.
 */
export class ZkConnection implements SessionLink {
  private readonly frames = new FrameDecoder(MAX_FRAME_BYTES);
  private session: Session | undefined;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly state: FacadeState,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => state.logger.debug({ err }, 'zookeeper client socket error'));
    socket.on('close', () => this.detach());
  }

  private onData(chunk: Buffer): void {
    try {
      for (const frame of this.frames.push(chunk)) {
        if (this.closed) return;
        if (this.session) this.onRequest(this.session, frame);
        else this.onConnect(frame);
      }
    } catch (err) {
      if (!(err instanceof JuteError) && !(err instanceof Error && err.name === 'FrameError')) throw err;
      this.state.logger.warn({ err: err.message, remote: this.socket.remoteAddress }, 'malformed ZooKeeper frame; closing that connection');
      this.close();
    }
  }

  private onConnect(frame: Buffer): void {
    const req = readConnectRequest(new JuteReader(frame));
    const { sessions, tree, logger } = this.state;
    if (req.lastZxidSeen > tree.zxid) {
      // As ZooKeeper does: a client that has seen a newer state must find a server that has it.
      logger.warn({ lastZxidSeen: String(req.lastZxidSeen), zxid: String(tree.zxid) }, 'zookeeper client has seen a newer zxid than this facade; refusing it');
      this.close();
      return;
    }
    let session: Session | undefined;
    if (req.sessionId !== 0n) {
      const known = sessions.get(req.sessionId);
      if (!known || !known.passwd.equals(req.passwd)) {
        // Timeout 0 tells the client its session has expired.
        this.write(new JuteWriter().int(0).int(0).long(0n).buffer(Buffer.alloc(16)).bool(false).toFrame());
        this.close();
        return;
      }
      known.link?.close(); // the session moved to this connection
      known.timeoutMs = negotiateTimeout(req.timeOut);
      session = known;
    } else {
      session = sessions.open(negotiateTimeout(req.timeOut));
    }
    session.link = this;
    session.lastSeen = Date.now();
    this.session = session;
    this.write(new JuteWriter().int(0).int(session.timeoutMs).long(session.id).buffer(session.passwd).bool(false).toFrame());
    logger.debug({ session: session.id.toString(16), timeoutMs: session.timeoutMs, resumed: req.sessionId !== 0n }, 'zookeeper session connected');
  }

  private onRequest(session: Session, frame: Buffer): void {
    session.lastSeen = Date.now();
    const r = new JuteReader(frame);
    const xid = r.int();
    const type = r.int();
    const { tree, sessions } = this.state;
    if (type === OpCode.ping) return this.reply(Xid.ping, tree.zxid, 0);
    if (type === OpCode.auth) return this.reply(Xid.auth, tree.zxid, 0); // ACLs are not enforced, so any auth is fine
    if (type === OpCode.closeSession) {
      sessions.end(session, tree);
      this.state.watches.remove(session);
      this.reply(xid, tree.zxid, 0);
      this.close();
      return;
    }
    try {
      const res = handleOp({ tree, watches: this.state.watches, session }, type, r);
      this.reply(type === OpCode.setWatches || type === OpCode.setWatches2 ? Xid.setWatches : xid, res.zxid, res.err, res.body);
    } catch (err) {
      if (!(err instanceof UnknownOpError)) throw err;
      this.state.logger.info({ type }, err.message);
      this.reply(xid, tree.zxid, ZkErr.UNIMPLEMENTED);
    }
  }

  private reply(xid: number, zxid: bigint, err: number, body?: Buffer): void {
    const w = new JuteWriter().int(xid).long(zxid).int(err);
    if (err === 0 && body) w.raw(body);
    this.write(w.toFrame());
  }

  sendNotification(type: number, path: string): void {
    this.write(new JuteWriter().int(Xid.notification).long(-1n).int(0).int(type).int(SYNC_CONNECTED).ustring(path).toFrame());
  }

  private write(frame: Buffer): void {
    if (!this.closed) this.socket.write(frame);
  }

  /** Leaves the session in place (it may reconnect until its timeout) and drops this socket. */
  private detach(): void {
    this.closed = true;
    if (this.session?.link === this) this.session.link = undefined;
  }

  close(): void {
    if (this.closed) return;
    this.detach();
    this.socket.end();
    this.socket.destroySoon();
  }
}
