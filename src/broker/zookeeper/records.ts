import type { JuteReader, JuteWriter } from './jute.js';

/** ZooKeeper's request types (ZooDefs.OpCode). */
export const OpCode = {
  notification: 0,
  create: 1,
  delete: 2,
  exists: 3,
  getData: 4,
  setData: 5,
  getACL: 6,
  setACL: 7,
  getChildren: 8,
  sync: 9,
  ping: 11,
  getChildren2: 12,
  check: 13,
  multi: 14,
  create2: 15,
  createContainer: 19,
  createTTL: 21,
  multiRead: 22,
  auth: 100,
  setWatches: 101,
  getEphemerals: 103,
  getAllChildrenNumber: 104,
  setWatches2: 105,
  closeSession: -11,
  error: -1,
} as const;

/** ZooKeeper's error codes (KeeperException.Code). */
export const ZkErr = {
  OK: 0,
  RUNTIME_INCONSISTENCY: -2,
  MARSHALLING_ERROR: -5,
  UNIMPLEMENTED: -6,
  BAD_ARGUMENTS: -8,
  NO_NODE: -101,
  BAD_VERSION: -103,
  NO_CHILDREN_FOR_EPHEMERALS: -108,
  NODE_EXISTS: -110,
  NOT_EMPTY: -111,
  SESSION_EXPIRED: -112,
} as const;

/** Special xids of the replies that answer no numbered request. */
export const Xid = { notification: -1, ping: -2, auth: -4, setWatches: -8 } as const;

export const EventType = { NodeCreated: 1, NodeDeleted: 2, NodeDataChanged: 3, NodeChildrenChanged: 4 } as const;
export const SYNC_CONNECTED = 3;

/** CreateMode flags as the create request carries them. */
export function createModeOf(flags: number): { ephemeral: boolean; sequential: boolean } | undefined {
  switch (flags) {
    case 0: // PERSISTENT
    case 4: // CONTAINER, kept as persistent
    case 5: // PERSISTENT_WITH_TTL, kept without expiry
      return { ephemeral: false, sequential: false };
    case 1:
      return { ephemeral: true, sequential: false };
    case 2:
    case 6:
      return { ephemeral: false, sequential: true };
    case 3:
      return { ephemeral: true, sequential: true };
    default:
      return undefined;
  }
}

export interface Stat {
  czxid: bigint;
  mzxid: bigint;
  ctime: bigint;
  mtime: bigint;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  dataLength: number;
  numChildren: number;
  pzxid: bigint;
}

export function writeStat(w: JuteWriter, s: Stat): void {
  w.long(s.czxid).long(s.mzxid).long(s.ctime).long(s.mtime).int(s.version).int(s.cversion).int(s.aversion);
  w.long(s.ephemeralOwner).int(s.dataLength).int(s.numChildren).long(s.pzxid);
}

export function readStat(r: JuteReader): Stat {
  return {
    czxid: r.long(),
    mzxid: r.long(),
    ctime: r.long(),
    mtime: r.long(),
    version: r.int(),
    cversion: r.int(),
    aversion: r.int(),
    ephemeralOwner: r.long(),
    dataLength: r.int(),
    numChildren: r.int(),
    pzxid: r.long(),
  };
}

export interface Acl {
  perms: number;
  scheme: string;
  id: string;
}

/** world:anyone with every permission: what every node is, since ACLs are accepted but not enforced. */
export const OPEN_ACL: readonly Acl[] = [{ perms: 31, scheme: 'world', id: 'anyone' }];

export function readAcl(r: JuteReader): Acl {
  return { perms: r.int(), scheme: r.ustring() ?? '', id: r.ustring() ?? '' };
}

export function writeAcl(w: JuteWriter, a: Acl): void {
  w.int(a.perms).ustring(a.scheme).ustring(a.id);
}

export interface ConnectRequest {
  protocolVersion: number;
  lastZxidSeen: bigint;
  timeOut: number;
  sessionId: bigint;
  passwd: Buffer;
  readOnly: boolean;
}

export function readConnectRequest(r: JuteReader): ConnectRequest {
  const req = {
    protocolVersion: r.int(),
    lastZxidSeen: r.long(),
    timeOut: r.int(),
    sessionId: r.long(),
    passwd: r.buffer() ?? Buffer.alloc(0),
    readOnly: false,
  };
  // Clients before 3.4 do not send the readOnly flag.
  if (r.remaining > 0) req.readOnly = r.bool();
  return req;
}
