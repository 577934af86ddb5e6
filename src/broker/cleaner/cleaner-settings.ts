import { TOPIC_CONFIGS } from '../configs/topic-config-defs.js';

/** The topic configs the cleaner obeys, as numbers (Kafka's LONG max becomes Infinity). */
export interface CleanerSettings {
  minCompactionLagMs: number;
  maxCompactionLagMs: number;
  minCleanableDirtyRatio: number;
  deleteRetentionMs: number;
}

const LONG_MAX = '9223372036854775807';

function read(configs: Readonly<Record<string, string>>, name: string): number {
  const raw = (configs[name] ?? TOPIC_CONFIGS.get(name)!.default).trim();
  return raw === LONG_MAX ? Number.POSITIVE_INFINITY : Number(raw);
}

/** Reads a topic's (already validated) configs, Kafka 4.4's defaults for what is unset. */
export function cleanerSettings(configs: Readonly<Record<string, string>>): CleanerSettings {
  return {
    minCompactionLagMs: read(configs, 'min.compaction.lag.ms'),
    maxCompactionLagMs: read(configs, 'max.compaction.lag.ms'),
    minCleanableDirtyRatio: read(configs, 'min.cleanable.dirty.ratio'),
    deleteRetentionMs: read(configs, 'delete.retention.ms'),
  };
}
