import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../log.js';

export type SegmentFileKind = 'log' | 'index' | 'timeindex';

const SEGMENT_FILE = /^(\d{20})\.(log|index|timeindex)$/;

/** Kafka's names: the base offset zero-padded to 20 digits, so names sort as offsets do. */
export function segmentPath(dir: string, baseOffset: number, kind: SegmentFileKind): string {
  return join(dir, `${String(baseOffset).padStart(20, '0')}.${kind}`);
}

/**
 * Base offsets of the segments in `dir`, ascending. Index files whose .log is
 * gone (a segment deletion cut short by a crash) are removed on the way.
 */
export function listSegments(dir: string, logger: Logger): number[] {
  const logs = new Set<number>();
  const indexes: Array<{ base: number; name: string }> = [];
  for (const name of readdirSync(dir)) {
    const m = SEGMENT_FILE.exec(name);
    if (!m) continue;
    const base = Number(m[1]);
    if (m[2] === 'log') logs.add(base);
    else indexes.push({ base, name });
  }
  for (const { base, name } of indexes) {
    if (logs.has(base)) continue;
    rmSync(join(dir, name), { force: true });
    logger.warn({ dir, file: name }, 'removed an index file whose segment .log is gone');
  }
  return [...logs].sort((a, b) => a - b);
}
