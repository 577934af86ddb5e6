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
  const row = {} as Record<UserLogColumn, number | string | null>;
  for (let i = 0; i < PROVINCE_INDEX; i++) {
    const name = USER_LOG_COLUMNS[i]!;
    const raw = fields[i]!.trim();
    if (isMissing(raw)) {
      if (i === 0) return { ok: false, reason: 'user_id is empty' };
      row[name] = null;
    } else if (isWholeNumber(raw)) {
      row[name] = Number(raw);
    } else {
      return { ok: false, reason: `${name} "${raw}" is not a number` };
    }
  }
  const province = fields[PROVINCE_INDEX]!.trim();
  row.province = isMissing(province) ? null : province;
  return { ok: true, row: row as unknown as UserLogRow };
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
