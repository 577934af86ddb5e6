/**
 * The Taobao `user_log.csv` of the seeds (Tianchi "data_format", the XMU lab's
 * Spark + Kafka dashboard case): 11 columns, gender is the 10th (0 female,
 * 1 male, 2 or NULL unknown).
 */
export const USER_LOG_COLUMNS = [
  'user_id',
  'item_id',
  'cat_id',
  'merchant_id',
  'brand_id',
  'month',
  'day',
  'action',
  'age_range',
  'gender',
  'province',
] as const;

export type UserLogColumn = (typeof USER_LOG_COLUMNS)[number];

/** A row with typed fields; null is an empty or `NULL` value in the file. */
export interface UserLogRow {
  user_id: number;
  item_id: number | null;
  cat_id: number | null;
  merchant_id: number | null;
  brand_id: number | null;
  month: number | null;
  day: number | null;
  action: number | null;
  age_range: number | null;
  gender: number | null;
  province: string | null;
}

export type ParsedRow = { ok: true; row: UserLogRow } | { ok: false; reason: string };

const GENDER_INDEX = USER_LOG_COLUMNS.indexOf('gender');
const PROVINCE_INDEX = USER_LOG_COLUMNS.indexOf('province');
const MISSING = -1;
const INVALID = -2;

/**
 * Types one record's fields. A wrong column count or a value that is not a
 * whole number in a numeric column makes the row bad; user_id may not be empty
 * because every row is some user's action, while the real log does have rows
 * with an empty brand_id.
 */
export function parseUserLogFields(fields: readonly string[]): ParsedRow {
  if (fields.length !== USER_LOG_COLUMNS.length) {
    return { ok: false, reason: `expected ${USER_LOG_COLUMNS.length} columns, found ${fields.length}` };
  }
  // Unrolled into one object literal: this runs once per row of files with millions of rows.
  const user = numeric(fields[0]!);
  const item = numeric(fields[1]!);
  const cat = numeric(fields[2]!);
  const merchant = numeric(fields[3]!);
  const brand = numeric(fields[4]!);
  const month = numeric(fields[5]!);
  const day = numeric(fields[6]!);
  const action = numeric(fields[7]!);
  const age = numeric(fields[8]!);
  const gender = numeric(fields[9]!);
  if (user < 0 || item === INVALID || cat === INVALID || merchant === INVALID || brand === INVALID) return { ok: false, reason: explain(fields) };
  if (month === INVALID || day === INVALID || action === INVALID || age === INVALID || gender === INVALID) return { ok: false, reason: explain(fields) };
  const province = fields[PROVINCE_INDEX]!.trim();
  return {
    ok: true,
    row: {
      user_id: user,
      item_id: orNull(item),
      cat_id: orNull(cat),
      merchant_id: orNull(merchant),
      brand_id: orNull(brand),
      month: orNull(month),
      day: orNull(day),
      action: orNull(action),
      age_range: orNull(age),
      gender: orNull(gender),
      province: isMissing(province) ? null : province,
    },
  };
}

/**
 * The gender of a row whose ten numeric fields are all plain digits and which
 * has exactly 11 fields, read straight off the unquoted text; undefined for
 * anything else, which then takes parseUserLogFields for the exact verdict.
 * This is what nearly every row of a real log is, and at hundreds of
 * thousands of rows a second splitting each one into an array shows.
 */
export function plainRowGender(text: string): string | undefined {
  let field = 0;
  let start = 0;
  let genderStart = 0;
  let genderEnd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) {
      if (field === PROVINCE_INDEX || i === start || i - start > 15) return undefined;
      if (field === GENDER_INDEX) genderEnd = i;
      field++;
      start = i + 1;
      if (field === GENDER_INDEX) genderStart = start;
    } else if (field < PROVINCE_INDEX && (c < 48 || c > 57)) {
      return undefined;
    }
  }
  return field === PROVINCE_INDEX ? text.slice(genderStart, genderEnd) : undefined;
}

/** Why a row of the right width is bad: its first empty user_id or non-numeric value. */
function explain(fields: readonly string[]): string {
  for (let i = 0; i < PROVINCE_INDEX; i++) {
    const v = numeric(fields[i]!);
    if (i === 0 && v === MISSING) return 'user_id is empty';
    if (v === INVALID) return `${USER_LOG_COLUMNS[i]} "${fields[i]!.trim()}" is not a number`;
  }
  throw new Error('explain() was called for a good row; this is a bug in parseUserLogFields');
}

/** A whole number ≥ 0, MISSING for an empty or NULL value, INVALID for anything else. */
function numeric(raw: string): number {
  const n = raw.length;
  if (n > 0 && n <= 15) {
    let value = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = raw.charCodeAt(i);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
    }
    if (i === n) return value;
  }
  const t = raw.trim();
  if (isMissing(t)) return MISSING;
  return t !== raw && isWholeNumber(t) ? Number(t) : INVALID;
}

function orNull(v: number): number | null {
  return v < 0 ? null : v;
}

/** The seeds' first-row check (`if gender == 'gender'`), generalised: a first record with no numeric field is a header. */
export function isHeader(fields: readonly string[]): boolean {
  return fields.some((f) => f.trim().length > 0) && !fields.some((f) => isWholeNumber(f.trim()));
}

export type MessageFormat = 'gender' | 'csv' | 'json';
export const MESSAGE_FORMATS: readonly MessageFormat[] = ['gender', 'csv', 'json'];

/** The topic each format goes to unless --topic says otherwise: gender to the seeds' `sex`. */
export const DEFAULT_TOPIC: Record<MessageFormat, string> = { gender: 'sex', csv: 'user_log', json: 'user_log' };

/**
 * The message value for a good row. gender sends the column as producer.py
 * does, with an empty value written as NULL (both mean unknown in the seed);
 * csv sends the record's text as read; json the typed row.
 */
export function formatRow(format: MessageFormat, row: UserLogRow, text: string, fields: readonly string[]): string {
  switch (format) {
    case 'gender':
      return row.gender === null ? 'NULL' : fields[GENDER_INDEX]!.trim();
    case 'csv':
      return text;
    case 'json':
      return JSON.stringify(row);
  }
}

function isMissing(raw: string): boolean {
  return raw.length === 0 || raw === 'NULL' || raw === 'null';
}

function isWholeNumber(raw: string): boolean {
  if (raw.length === 0 || raw.length > 15) return false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
