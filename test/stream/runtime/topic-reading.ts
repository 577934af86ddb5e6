import type { KafkaRecord } from '../../../src/protocol/records/record.js';
import { fetchAll } from '../../helpers/fetch-all.js';

/** Every record of every partition of a topic, partition by partition; none when the topic does not exist yet. */
export async function readTopic(port: number, topic: string, partitions = 1): Promise<KafkaRecord[]> {
  const out: KafkaRecord[] = [];
  for (let p = 0; p < partitions; p++) {
    try {
      out.push(...(await fetchAll(port, topic, p)).records);
    } catch (error) {
      // Error code 3 is UNKNOWN_TOPIC_OR_PARTITION: the job has written nothing there yet.
      if (!(error instanceof Error && /error code 3\b/.test(error.message))) throw error;
    }
  }
  return out;
}

/** The last value of each key, as a compacted topic or a results table keyed by window would hold it. */
export function lastByKey(records: readonly KafkaRecord[]): Map<string, KafkaRecord> {
  const table = new Map<string, KafkaRecord>();
  for (const r of records) table.set(r.key?.toString('utf8') ?? '', r);
  return table;
}

export function headerOf(record: KafkaRecord, name: string): string | undefined {
  return record.headers.find((h) => h.key === name)?.value?.toString('utf8');
}
