import type { Namespace, Socket } from 'socket.io';
import { Fetcher, type Admin, type FetchedRecord } from '../../client/index.js';
import { FETCH_MAX_BYTES, partitionsOf, rangesFor, recordsFrom, shown, type ShownMessage } from './messages.js';

/** A search scans at most this many records, and keeps at most this many matches. */
export const SEARCH_MAX_RECORDS = 1_000_000;
const SEARCH_MAX_MATCHES = 200;
/** How long a tail's fetch waits at the broker for new records. */
export const TAIL_WAIT_MS = 500;

interface LiveRequest {
  topic?: unknown;
  partition?: unknown;
  text?: unknown;
  maxRecords?: unknown;
}

const partitionOf = (p: unknown) => (typeof p === 'number' && Number.isInteger(p) ? p : undefined);

/**
 * Reads `positions` on until `more()` says stop or `end` is reached, handing each
 * fetched partition's records on. One fetcher per read: its long polls delay nobody.
 */
export async function readOn(
  bootstrap: string,
  topic: string,
  positions: Map<number, number>,
  ends: Map<number, number> | undefined,
  waitMs: number,
  more: () => boolean,
  onRecords: (records: { partition: number; record: FetchedRecord }[]) => void,
): Promise<void> {
  const fetcher = new Fetcher(bootstrap, { clientId: 'streamdash-console-live', maxBytes: FETCH_MAX_BYTES });
  try {
    const open = () => [...positions].filter(([p, at]) => ends === undefined || at < ends.get(p)!);
    for (let todo = open(); todo.length > 0 && more(); todo = open()) {
      const answers = await fetcher.fetch(todo.map(([partition, offset]) => ({ topic, partition, offset })), waitMs);
      const records: { partition: number; record: FetchedRecord }[] = [];
      for (const answer of answers) {
        if (answer.error !== undefined) throw answer.error;
        const found = recordsFrom(answer.batches, positions.get(answer.partition)!);
        for (const record of found.records) records.push({ partition: answer.partition, record });
        positions.set(answer.partition, found.next);
      }
      onRecords(records);
    }
  } finally {
    await fetcher.close();
  }
}

/**
 * The console's Socket.IO namespace: `tail` pushes new records of a topic as they come,
 * `search` scans from the beginning for a substring of key or value, reporting progress;
 * `stop` ends either, as does leaving the page.
 */
export function serveLive(namespace: Namespace, admin: Admin, bootstrap: string): void {
  namespace.on('connection', (socket: Socket) => {
    let generation = 0;
    const current = () => {
      const mine = ++generation;
      return () => mine === generation && socket.connected;
    };
    const fail = (error: unknown) => socket.emit('live:error', { error: error instanceof Error ? error.message : String(error) });
    socket.on('stop', () => void current());

    socket.on('tail', (request: LiveRequest) => {
      const more = current();
      void (async () => {
        const topic = String(request?.topic ?? '');
        const partitions = await partitionsOf(admin, topic, partitionOf(request?.partition));
        const positions = new Map((await rangesFor(admin, partitions, { from: 'end' }, 0)).map((r) => [r.partition, r.end]));
        socket.emit('tail:started', { topic, positions: Object.fromEntries(positions) });
        await readOn(bootstrap, topic, positions, undefined, TAIL_WAIT_MS, more, (records) => {
          if (records.length > 0 && more()) socket.emit('tail:messages', records.map((r) => shown(r.partition, r.record)));
        });
      })().catch(fail);
    });

    socket.on('search', (request: LiveRequest) => {
      const more = current();
      void (async () => {
        const topic = String(request?.topic ?? '');
        const text = typeof request?.text === 'string' ? request.text : '';
        if (text === '') throw new Error('a search needs some text to look for');
        const needle = Buffer.from(text);
        const maxRecords = Math.min(SEARCH_MAX_RECORDS, typeof request?.maxRecords === 'number' && request.maxRecords > 0 ? request.maxRecords : SEARCH_MAX_RECORDS);
        const ranges = await rangesFor(admin, await partitionsOf(admin, topic, partitionOf(request?.partition)), { from: 'beginning' }, 0);
        const total = Math.min(maxRecords, ranges.reduce((s, r) => s + r.end - r.from, 0));
        let scanned = 0;
        let matches = 0;
        const positions = new Map(ranges.map((r) => [r.partition, r.from]));
        const ends = new Map(ranges.map((r) => [r.partition, r.end]));
        await readOn(bootstrap, topic, positions, ends, 0, () => more() && scanned < total && matches < SEARCH_MAX_MATCHES, (records) => {
          const found: ShownMessage[] = [];
          for (const { partition, record } of records) {
            if (scanned >= total || matches >= SEARCH_MAX_MATCHES) break;
            scanned++;
            if (record.value?.includes(needle) || record.key?.includes(needle)) {
              found.push(shown(partition, record));
              matches++;
            }
          }
          socket.emit('search:progress', { scanned, total, matches: found });
        });
        socket.emit('search:done', { scanned, total, found: matches, stopped: !more() });
      })().catch(fail);
    });
  });
}
