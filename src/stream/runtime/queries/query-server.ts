import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../../log.js';
import type { StateKey } from '../../records.js';
import type { StateStore } from '../../state/state-store.js';
import { RuntimeError } from '../errors.js';
import { QueryError } from './query-error.js';
import { isQueryable, queryStore, type LocalStore, type StoreQuery } from './store-queries.js';

/** The tasks whose stores are served: read at each request, so a rebalance shows at once. */
export interface StoreSource {
  readonly applicationId: string;
  readonly instance: string;
  tasks(): Iterable<{ readonly partition: number; readonly stores: ReadonlyMap<string, StateStore> }>;
}

/**
 * Interactive queries: a running job's state stores, read-only over HTTP (Kafka Streams'
 * interactive queries, with this one process's tasks as the scope, like its local stores).
 *
 *   GET /stores                          the stores, their kind and the partitions held here
 *   GET /stores/<name>?key=K             the key's row, or its windows (timeFrom / timeTo: window start, ms)
 *   GET /stores/<name>?from=A&to=B       the rows of the keys in [A, B], in key order; either bound may go
 *
 * Keys are text; with keyFormat=json, key/from/to are JSON (42, true, null, "a").
 */
export class QueryServer {
  private constructor(
    private readonly server: Server,
    /** `http://host:port`, the port the system chose when 0 was asked. */
    readonly url: string,
  ) {}

  static async listen(host: string, port: number, source: StoreSource, logger: Logger): Promise<QueryServer> {
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new RuntimeError(`the query port must be a whole number from 0 to 65535 (0: any free port), got ${port}`);
    }
    const server = createServer((req, res) => answer(req, res, source, logger));
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        reject(new RuntimeError(`the query server cannot listen on ${host}:${port} (${err.code ?? err.message}); free the port or pick another query port`, { cause: err }));
      };
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    const bound = (server.address() as AddressInfo).port;
    return new QueryServer(server, `http://${host.includes(':') ? `[${host}]` : host}:${bound}`);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function answer(req: IncomingMessage, res: ServerResponse, source: StoreSource, logger: Logger): void {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new QueryError(405, `the stores are read-only: use GET, not ${req.method ?? '?'}`);
    const url = new URL(req.url ?? '/', 'http://query');
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '' || path === '/stores') {
      send(res, 200, { applicationId: source.applicationId, instance: source.instance, stores: listStores(source) });
      return;
    }
    const match = /^\/stores\/([^/]+)$/.exec(path);
    if (match === null) throw new QueryError(404, `no such path ${url.pathname}: GET /stores, or /stores/<name>?key=… or ?from=…&to=…`);
    const name = decodeURIComponent(match[1]!);
    const { kind, rows } = queryStore(name, localStores(source, name), parseQuery(url.searchParams));
    send(res, 200, { store: name, kind, rows });
  } catch (error) {
    if (error instanceof QueryError) {
      send(res, error.status, { error: error.message });
      return;
    }
    logger.warn({ err: error }, 'query failed');
    send(res, 500, { error: `the query failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function localStores(source: StoreSource, name: string): LocalStore[] {
  const found: LocalStore[] = [];
  for (const task of source.tasks()) {
    const store = task.stores.get(name);
    if (store !== undefined) found.push({ partition: task.partition, store });
  }
  return found;
}

function listStores(source: StoreSource): Array<{ name: string; kind: string; queryable: boolean; partitions: number[]; size: number }> {
  const byName = new Map<string, { name: string; kind: string; queryable: boolean; partitions: number[]; size: number }>();
  for (const task of source.tasks()) {
    for (const store of task.stores.values()) {
      let entry = byName.get(store.name);
      if (entry === undefined) {
        entry = { name: store.name, kind: store.kind, queryable: isQueryable(store), partitions: [], size: 0 };
        byName.set(store.name, entry);
      }
      entry.partitions.push(task.partition);
      entry.size += store.size;
    }
  }
  for (const entry of byName.values()) entry.partitions.sort((a, b) => a - b);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function parseQuery(params: URLSearchParams): StoreQuery {
  const format = params.get('keyFormat') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new QueryError(400, `keyFormat is text or json, got "${format}"`);
  const keyOf = (param: string): StateKey | undefined => {
    const raw = params.get(param);
    if (raw === null) return undefined;
    if (format === 'text') return raw;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new QueryError(400, `${param}=${raw} is not JSON; write a string key as "…" with keyFormat=json, or drop keyFormat`);
    }
    if (parsed !== null && typeof parsed !== 'string' && typeof parsed !== 'number' && typeof parsed !== 'boolean') {
      throw new QueryError(400, `${param}=${raw}: a state key is a string, number, boolean or null`);
    }
    return parsed;
  };
  const timeOf = (param: string, otherwise: number): number => {
    const raw = params.get(param);
    if (raw === null) return otherwise;
    const ms = Number(raw);
    if (raw.trim() === '' || !Number.isSafeInteger(ms)) throw new QueryError(400, `${param} is a time in epoch milliseconds, got "${raw}"`);
    return ms;
  };
  const key = keyOf('key');
  const from = keyOf('from');
  const to = keyOf('to');
  if (key !== undefined && (from !== undefined || to !== undefined)) throw new QueryError(400, 'ask for one key (key=) or a range (from=, to=), not both');
  return { key, from, to, timeFrom: timeOf('timeFrom', Number.MIN_SAFE_INTEGER), timeTo: timeOf('timeTo', Number.MAX_SAFE_INTEGER) };
}
