import type { CounterCell } from '../store/index.js';

/**
 * The HBase shell's look for the labs' counters, so `streamdash store scan|get` reads as the
 * seeds' `scan 'table'` and `get 'table', 'rowkey'` did (HBase 1.x, which the labs ran).
 * The counters were written with incrementColumnValue, so a cell holds an 8-byte big-endian
 * long in column info:click_count, and the shell shows its bytes as Bytes.toStringBinary does.
 */
export const COLUMN = 'info:click_count';

/** The characters Bytes.toStringBinary prints as they are; every other byte becomes \xHH. */
const PRINTABLE = new Set(" `~!@#$%^&*()-_=+[]{}|;:'\",.<>/?");

export function toStringBinary(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    out += /[0-9A-Za-z]/.test(ch) || PRINTABLE.has(ch) ? ch : `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function longBytes(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt(value));
  return bytes;
}

const cellText = (c: CounterCell) => `timestamp=${c.timestamp}, value=${toStringBinary(longBytes(c.value))}`;

/** The shell's two columns: the first at least 30 wide, each data line led by a space. */
function table(head: [string, string], rows: [string, string][]): string {
  const width = Math.max(30, ...rows.map(([left]) => left.length + 1));
  return [`${head[0].padEnd(width + 1)}${head[1]}`, ...rows.map(([left, right]) => ` ${left.padEnd(width)}${right}`)].join('\n') + '\n';
}

const footer = (rows: number, seconds: number) => `${rows} row(s) in ${seconds.toFixed(4)} seconds\n`;

export function formatScan(cells: readonly CounterCell[], seconds: number): string {
  return table(['ROW', 'COLUMN+CELL'], cells.map((c) => [c.rowKey, `column=${COLUMN}, ${cellText(c)}`])) + footer(cells.length, seconds);
}

export function formatGet(cell: CounterCell | undefined, seconds: number): string {
  return table(['COLUMN', 'CELL'], cell ? [[COLUMN, cellText(cell)]] : []) + footer(cell ? 1 : 0, seconds);
}
