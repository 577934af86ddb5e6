import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvSplitter, splitFields, type CsvRecord } from '../../../src/apps/taobao/csv-reader.js';

interface Plain {
  line: number;
  text: string;
  fields: string[];
  error?: string;
}

/** Records as plain objects, fields included, so deepEqual compares everything. */
function splitAll(text: string, chunks: string[] = [text]): Plain[] {
  const s = new CsvSplitter();
  const out: CsvRecord[] = [];
  for (const c of chunks) out.push(...s.push(c));
  out.push(...s.end());
  return out.map((r) => ({ line: r.line, text: r.text, fields: r.fields, ...(r.error !== undefined && { error: r.error }) }));
}

test('a UTF-8 BOM before the first field is dropped', () => {
  const [r] = splitAll('\uFEFFuser_id,item_id\n1,2\n');
  assert.deepEqual(r!.fields, ['user_id', 'item_id']);
});

test('CRLF and LF endings give the same fields, without a stray \\r', () => {
  const lf = splitAll('1,2,山西\n3,4,内蒙古\n');
  const crlf = splitAll('1,2,山西\r\n3,4,内蒙古\r\n');
  assert.deepEqual(crlf, lf);
  assert.deepEqual(lf.map((r) => r.fields), [
    ['1', '2', '山西'],
    ['3', '4', '内蒙古'],
  ]);
});

test('quoted fields keep commas, doubled quotes and line breaks; the record starts on its first line', () => {
  const records = splitAll('a,"b,c","say ""hi""",d\n"multi\nline",2\nnext,3\n');
  assert.deepEqual(records.map((r) => [r.line, r.fields]), [
    [1, ['a', 'b,c', 'say "hi"', 'd']],
    [2, ['multi\nline', '2']],
    [4, ['next', '3']],
  ]);
  assert.equal(records[1]!.text, '"multi\nline",2');
});

test('a quote inside an unquoted field is literal and does not swallow the next lines', () => {
  const records = splitAll('1,ab"c,2\n3,4\n');
  assert.deepEqual(records.map((r) => r.fields), [
    ['1', 'ab"c', '2'],
    ['3', '4'],
  ]);
});

test('empty fields and NULL survive as they are; a trailing comma is an empty last field', () => {
  assert.deepEqual(splitAll('1,,NULL,\n')[0]!.fields, ['1', '', 'NULL', '']);
  assert.deepEqual(splitFields('""'), ['']);
  assert.deepEqual(splitFields(',,'), ['', '', '']);
});

test('blank lines, including trailing ones and whitespace-only ones, are skipped but still counted as lines', () => {
  const records = splitAll('1,2\n\n   \n3,4\n\n\n\r\n');
  assert.deepEqual(records.map((r) => [r.line, r.fields]), [
    [1, ['1', '2']],
    [4, ['3', '4']],
  ]);
});

test('a last line without a line ending is read', () => {
  assert.deepEqual(splitAll('1,2\n3,4').map((r) => r.fields), [
    ['1', '2'],
    ['3', '4'],
  ]);
  assert.deepEqual(splitAll('1,2\n3,4\r').map((r) => r.fields)[1], ['3', '4']);
});

test('an unterminated quote at the end of the file becomes one error record, not a silent loss', () => {
  const records = splitAll('1,2\n3,"open\n4,5\n');
  assert.equal(records.length, 2);
  assert.equal(records[1]!.line, 2);
  assert.match(records[1]!.error!, /unterminated quoted field/);
  assert.equal(records[1]!.text, '3,"open\n4,5');
});

test('a quoted record that runs past the cap is cut off and reported', () => {
  const s = new CsvSplitter(20);
  const out = [...s.push('1,"' + 'x'.repeat(10) + '\n' + 'y'.repeat(15) + '\n2,3\n'), ...s.end()];
  assert.match(out[0]!.error!, /still open after 20 characters/);
  assert.deepEqual(out[1]!.fields, ['2', '3']);
});

test('records come out the same wherever the chunks are cut, even between \\r and \\n, inside quotes or before the BOM', () => {
  const text = '\uFEFFuser_id,province\r\n1,"内,蒙""古"\r\n\r\n2,"多\r\n行"\r\n3,NULL\r\n4,黑龙江';
  const whole = splitAll(text);
  assert.equal(whole.length, 5);
  for (let i = 0; i <= text.length; i++) {
    for (const j of [i, Math.min(text.length, i + 1), Math.min(text.length, i + 7)]) {
      assert.deepEqual(splitAll(text, [text.slice(0, i), text.slice(i, j), text.slice(j)]), whole, `cut at ${i} and ${j}`);
    }
  }
});
