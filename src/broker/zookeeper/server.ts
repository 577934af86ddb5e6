import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '../../log.js';
import { ZkConnection, type FacadeState } from './connection.js';
import { SessionTable } from './session.js';
import { ZnodeTree } from './tree.js';
import { WatchTable } from './watches.js';
import { listen } from '../listen.js';

export interface ZooKeeperFacadeOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The tree is kept in `<dataDir>/zookeeper/tree.json`. */
  dataDir: string;
  logger: Logger;
}

export interface ZooKeeperFacade {
  readonly port: number;
  /** `host:port`, as ZooKeeper clients and `--zookeeper` flags take it. */
  readonly connect: string;
  readonly tree: ZnodeTree;
  close(): Promise<void>;
}

const EXPIRY_CHECK_MS = 500;

/** Serves ZooKeeper's client protocol over one durable znode tree: a single server, no quorum. */
export async function startZooKeeperFacade(o: ZooKeeperFacadeOptions): Promise<ZooKeeperFacade> {
  const tree = new ZnodeTree(join(o.dataDir, 'zookeeper', 'tree.json'));
  const state: FacadeState = { tree, watches: new WatchTable(), sessions: new SessionTable(), logger: o.logger };
  tree.onCommit((changes) => state.watches.fire(changes));
  const connections = new Set<ZkConnection>();
  const server = createServer((socket) => {
    const c = new ZkConnection(socket, state);
    connections.add(c);
    socket.on('close', () => connections.delete(c));
  });
  await listen(server, o.port, o.host);
  const expiry = setInterval(() => {
    const now = Date.now();
    for (const s of state.sessions.all()) {
      if (!s.expired(now)) continue;
      o.logger.info({ session: s.id.toString(16) }, 'zookeeper session expired');
      s.link?.close();
      state.watches.remove(s);
      state.sessions.end(s, tree);
    }
  }, EXPIRY_CHECK_MS);
  expiry.unref();
  const port = (server.address() as AddressInfo).port;
  o.logger.info({ host: o.host, port }, `zookeeper facade listening on ${o.host}:${port}`);
  return {
    port,
    connect: `${o.host}:${port}`,
    tree,
    close() {
      clearInterval(expiry);
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of connections) c.close();
      });
    },
  };
}
