import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { WarningLog } from '../../src/broker/warning-log.js';

interface Line {
  msg: string;
  kind: string;
  peer: string;
  count: number;
  causes?: Record<string, number>;
}

function capture(): { lines: Line[]; log: (windowMs: number) => WarningLog } {
  const lines: Line[] = [];
  const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(JSON.parse(l) as Line) });
  return { lines, log: (windowMs) => new WarningLog(logger, windowMs) };
}

test('one peer, two kinds: each kind is its own line at once and its own count when the window ends', async () => {
  const { lines, log } = capture();
  const w = log(100);
  for (let i = 0; i < 10; i++) w.warn('bad-input', '10.0.0.7', i % 2 === 0 ? 'frame size' : 'unknown API key', `bad ${i}`, {}, 'bad input');
  for (let i = 0; i < 3; i++) w.warn('connection-limit', '10.0.0.7', 'PLAINTEXT', 'over', {}, 'over the limit');
  assert.deepEqual(lines.map((l) => [l.kind, l.count]), [['bad-input', 1], ['connection-limit', 1]]);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(lines.slice(2).map((l) => [l.kind, l.count, l.causes]), [
    ['bad-input', 9, { 'frame size': 4, 'unknown API key': 5 }],
    ['connection-limit', 2, { PLAINTEXT: 2 }],
  ]);
  assert.equal(lines[2]!.msg, '9 more connections closed for bad input from 10.0.0.7 in the last 0.1 s');
  w.close();
});

test('past 4,096 peers warned of in one window, the others share one line, so the log cannot grow without end', () => {
  const { lines, log } = capture();
  const w = log(60_000);
  for (let i = 0; i < 5000; i++) w.warn('authentication', `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 'SASL', 'wrong password', {}, 'authentication failed');
  assert.equal(lines.length, 4097);
  assert.deepEqual([lines[4096]!.peer, lines[4096]!.count], ['(other peers)', 1]);
  w.close();
  assert.deepEqual([lines.length, lines[4097]!.peer, lines[4097]!.count], [4098, '(other peers)', 903]);
});
