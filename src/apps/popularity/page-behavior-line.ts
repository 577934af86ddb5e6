import type { Parsed } from '../../stream/runtime/dead-letters.js';

/** One message of seed 001's UserBehaviorMsgProducer: `page37|5|1.5119122|-1`. */
export interface PageBehavior {
  readonly page: string;
  readonly clicks: number;
  /** Minutes. */
  readonly stay: number;
  /** 1 like, 0 no opinion, -1 dislike. */
  readonly like: number;
}

const LIKES: ReadonlySet<number> = new Set([1, 0, -1]);

export function parsePageBehavior(text: string): Parsed<PageBehavior> {
  const fields = text.split('|');
  const reject = (reason: string): Parsed<PageBehavior> => ({ ok: false, reason, text });
  if (fields.length !== 4) return reject(`expected 4 fields separated by | (page|clicks|stay|like), got ${fields.length}`);
  const [page, clicks, stay, like] = fields as [string, string, string, string];
  if (page.trim() === '') return reject('the page is empty');
  const numbers = [clicks, stay, like].map((f) => (f.trim() === '' ? Number.NaN : Number(f)));
  if (!numbers.every(Number.isFinite)) return reject('clicks, stay and like must be numbers');
  if (!LIKES.has(numbers[2]!)) return reject('like must be 1, 0 or -1');
  return { ok: true, value: { page, clicks: numbers[0]!, stay: numbers[1]!, like: numbers[2]! } };
}

/**
 * 0.8 × clicks + 0.8 × stay + like, each field first read as a 32-bit float, as the seed's
 * Scala does (`dataArr(1).toFloat * 0.8 + dataArr(2).toFloat * 0.8 + dataArr(3).toFloat * 1`),
 * so the sums match the seed's to the last digit.
 */
export function popularityOf(b: PageBehavior): number {
  return Math.fround(b.clicks) * 0.8 + Math.fround(b.stay) * 0.8 + Math.fround(b.like) * 1;
}
