import { SyntheticUserLog } from '../../src/apps/taobao/synthetic.js';
import { parseUserLogFields, type UserLogRow } from '../../src/apps/taobao/user-log.js';
import type { TextProducer } from '../../src/client/index.js';

export interface GenderTotals {
  girls: number;
  boys: number;
  unknown: number;
}

/**
 * Rows as the seeds' producer sends them: each user_log row goes to `user_log` whole (as
 * JSON, for taobao-insights) and its gender field to `sex` (for the gender job).
 */
export class TaobaoFeed {
  readonly totals: GenderTotals = { girls: 0, boys: 0, unknown: 0 };
  readonly #log = new SyntheticUserLog(20261111);

  async send(producer: TextProducer, rows: number): Promise<void> {
    const batch: UserLogRow[] = [];
    for (let i = 0; i < rows; i++) {
      const parsed = parseUserLogFields(this.#log.nextLine().split(','));
      if (parsed.ok) batch.push(parsed.row);
    }
    for (const row of batch) {
      if (row.gender === 0) this.totals.girls++;
      else if (row.gender === 1) this.totals.boys++;
      else if (row.gender === 2) this.totals.unknown++;
    }
    await producer.send({
      messages: batch.flatMap((row) => [
        { topic: 'user_log', value: JSON.stringify(row) },
        // The seeds' producer sends the field as it is; the gender job sets a NULL aside, uncounted.
        { topic: 'sex', value: row.gender === null ? 'NULL' : String(row.gender) },
      ]),
    });
  }
}
