import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AccessLogGenerator } from '../../../src/apps/access-log/generator.js';
import { RotatingLogFile, runAccessLog } from '../../../src/apps/access-log/generator-file.js';
import { FakeClock } from '../fake-clock.js';

const AT = new Date(2018, 10, 11, 9, 0, 0);

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-access-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every line across the rotated files, oldest file first. */
function allLines(out: string, keep: number): string[] {
  const files = [];
  for (let i = keep; i >= 1; i--) if (existsSync(`${out}.${i}`)) files.push(`${out}.${i}`);
  files.push(out);
  return files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.length > 0));
}

test('rotation loses no line and splits none: the files together hold every line once, in order', async (t) => {
  const out = join(tempDir(t), 'logs', 'access.log');
  const clock = new FakeClock();
  const written = await runAccessLog({ out, seed: 7, rate: 100, lines: 2000, rotateBytes: 20_000, keep: 50, clock, wallClock: () => AT });
  assert.equal(written, 2000);
  const expected = new AccessLogGenerator(7);
  assert.deepEqual(allLines(out, 50), Array.from({ length: 2000 }, () => expected.nextLine(AT)));
  const rotated = readdirSync(join(out, '..')).filter((f) => f.startsWith('access.log.'));
  assert.ok(rotated.length >= 5, `only ${rotated.length} rotations`);
  for (const f of rotated) assert.ok(statSync(join(out, '..', f)).size <= 20_000, `${f} is over the limit`);
});

test('a reader holding the old file open reads it to the end after the rename, then the new file has the rest', (t) => {
  const out = join(tempDir(t), 'access.log');
  const file = new RotatingLogFile(out, { rotateBytes: 30, keep: 3 });
  file.append(['line-0001']);
  const tail = openSync(out, 'r'); // what a tail -F reader holds
  t.after(() => closeSync(tail));
  file.append(['line-0002', 'line-0003', 'line-0004', 'line-0005']);
  file.close();
  assert.equal(file.rotations, 1);
  const buffer = Buffer.alloc(1024);
  const oldFile = buffer.toString('utf8', 0, readSync(tail, buffer, 0, buffer.length, 0));
  assert.equal(oldFile + readFileSync(out, 'utf8'), ['line-0001', 'line-0002', 'line-0003', 'line-0004', 'line-0005'].join('\n') + '\n');
  assert.equal(readFileSync(`${out}.1`, 'utf8'), oldFile);
});

test('older files shift up and only --rotate-keep of them stay', (t) => {
  const out = join(tempDir(t), 'access.log');
  const file = new RotatingLogFile(out, { rotateBytes: 8, keep: 2 });
  file.append(['aaaaaaa', 'bbbbbbb', 'ccccccc', 'ddddddd']);
  file.close();
  assert.equal(readFileSync(out, 'utf8'), 'ddddddd\n');
  assert.equal(readFileSync(`${out}.1`, 'utf8'), 'ccccccc\n');
  assert.equal(readFileSync(`${out}.2`, 'utf8'), 'bbbbbbb\n');
  assert.equal(existsSync(`${out}.3`), false);
});

test('an existing log is appended to, and its size counts toward rotation', (t) => {
  const out = join(tempDir(t), 'access.log');
  writeFileSync(out, 'x'.repeat(25) + '\n');
  const file = new RotatingLogFile(out, { rotateBytes: 30 });
  file.append(['12345']);
  file.close();
  assert.equal(readFileSync(`${out}.1`, 'utf8'), 'x'.repeat(25) + '\n');
  assert.equal(readFileSync(out, 'utf8'), '12345\n');
});

test('--rate 100 writes one line every 10 ms of the fake clock', async (t) => {
  const out = join(tempDir(t), 'access.log');
  const clock = new FakeClock();
  await runAccessLog({ out, seed: 1, rate: 100, lines: 300, clock, wallClock: () => AT });
  assert.equal(clock.now(), 2990);
  assert.equal(readFileSync(out, 'utf8').split('\n').length - 1, 300);
});
