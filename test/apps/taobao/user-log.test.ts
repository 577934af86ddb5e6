import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../../src/apps/random.js';
import { formatRow, isHeader, parseUserLogFields, plainRowGender } from '../../../src/apps/taobao/user-log.js';

const good = '328862,323294,833,2882,2661,08,29,0,0,1,内蒙古'.split(',');

test('a good row is typed: ids and codes as numbers, the province as text', () => {
  const parsed = parseUserLogFields(good);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.row, {
    user_id: 328862,
    item_id: 323294,
    cat_id: 833,
    merchant_id: 2882,
    brand_id: 2661,
    month: 8,
    day: 29,
    action: 0,
    age_range: 0,
    gender: 1,
    province: '内蒙古',
  });
});

test('empty and NULL values are null, as the real log has empty brand ids and the seed documents NULL genders', () => {
  const parsed = parseUserLogFields('198759,558012,346,2242,,11,11,2,NULL,NULL,'.split(','));
  assert.ok(parsed.ok);
  assert.equal(parsed.row.brand_id, null);
  assert.equal(parsed.row.age_range, null);
  assert.equal(parsed.row.gender, null);
  assert.equal(parsed.row.province, null);
});

test('a wrong column count, a non-numeric id or an empty user_id makes a bad row with a reason', () => {
  const bad = (fields: string[]) => {
    const p = parseUserLogFields(fields);
    assert.ok(!p.ok);
    return p.reason;
  };
  assert.equal(bad(good.slice(0, 10)), 'expected 11 columns, found 10');
  assert.equal(bad([...good, 'extra']), 'expected 11 columns, found 12');
  assert.equal(bad(['x1', ...good.slice(1)]), 'user_id "x1" is not a number');
  assert.equal(bad([good[0]!, '3.5', ...good.slice(2)]), 'item_id "3.5" is not a number');
  assert.equal(bad(['', ...good.slice(1)]), 'user_id is empty');
  assert.equal(bad([...good.slice(0, 9), 'F', good[10]!]), 'gender "F" is not a number');
});

test('a header is a first record with no number in it', () => {
  assert.ok(isHeader('user_id,item_id,cat_id,merchant_id,brand_id,month,day,action,age_range,gender,province'.split(',')));
  assert.ok(!isHeader(good));
  assert.ok(!isHeader(['', '']));
});

test('gender sends the column as producer.py does, NULL for unknown; csv the text as read; json the typed row', () => {
  const parsed = parseUserLogFields(good);
  assert.ok(parsed.ok);
  const text = good.join(',');
  assert.equal(formatRow('gender', parsed.row, text, good), '1');
  assert.equal(formatRow('csv', parsed.row, text, good), text);
  assert.deepEqual(JSON.parse(formatRow('json', parsed.row, text, good)), parsed.row);
  const unknown = parseUserLogFields([...good.slice(0, 9), '', good[10]!]);
  assert.ok(unknown.ok);
  assert.equal(formatRow('gender', unknown.row, '', [...good.slice(0, 9), '', good[10]!]), 'NULL');
});

test('the fast path over plain rows agrees with the full parse, and only ever answers for good rows', () => {
  const pieces = ['0', '12', '08', '', 'NULL', ' 7', 'x', '1234567890123456', '内蒙古', '"山西"'];
  const random = new Random(99);
  let answered = 0;
  for (let i = 0; i < 20_000; i++) {
    const width = random.pick([10, 11, 11, 11, 12]);
    const fields = Array.from({ length: width }, (_, c) => (random.next() < 0.9 ? (c === 10 ? '北京市' : String(random.int(3000))) : random.pick(pieces)));
    const text = fields.join(',');
    const fast = plainRowGender(text);
    const full = parseUserLogFields(text.split(','));
    if (fast === undefined) continue;
    answered++;
    assert.ok(full.ok, `fast path accepted the bad row ${text}`);
    assert.equal(fast, formatRow('gender', full.row, text, text.split(',')), text);
  }
  assert.ok(answered > 5000, `the fast path answered only ${answered} times`);
  assert.equal(plainRowGender(good.join(',')), '1');
  assert.equal(plainRowGender('1,2,3,4,5,6,7,8,9,0,'), '0', 'an empty province is still a good row');
});
