import { PartitionLog } from '../../../src/broker/log/partition-log.js';
import type { LogConfig } from '../../../src/broker/log/log-config.js';
import { batchesIn } from './batches-in.js';
import { makeBatch } from './make-batch.js';

export interface StoredBatch {
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  bytes: Buffer;
}

/** Deterministic pseudo-random numbers, so a failure replays. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * Fills a log with `count` batches of varied sizes, record counts and
 * out-of-order timestamps, appended in groups of one to three, and returns
 * what each batch holds as stored.
 */
export function fillRandomLog(dir: string, config: Partial<LogConfig>, count: number, seed = 7): StoredBatch[] {
  const random = prng(seed);
  const log = PartitionLog.open(dir, config);
  const stored: StoredBatch[] = [];
  while (stored.length < count) {
    const group = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      makeBatch({
        records: 1 + Math.floor(random() * 10),
        bodyBytes: Math.floor(random() * 1500),
        maxTimestamp: 1_000_000 + stored.length * 100 + Math.floor(random() * 2000) - 1000,
        seed: stored.length,
      }),
    );
    const appended = Buffer.concat(group);
    log.append(appended);
    for (const { header, bytes } of batchesIn(appended)) {
      stored.push({ baseOffset: header.baseOffset, lastOffset: header.baseOffset + header.lastOffsetDelta, maxTimestamp: header.maxTimestamp, bytes });
    }
  }
  log.close();
  return stored;
}
